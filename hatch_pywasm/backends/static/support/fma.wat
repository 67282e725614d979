;; a * b + c rounded once, as the FMA instruction glibc's x86-64 math functions use here (core
;; wasm has none): the compiled form of mathlib.py's _fma, step for step. The exact product
;; p + e (Veltkamp's split into 26-bit halves, Dekker's product), the exact sum c + p = s + t
;; (two-sum), then t + e rounded to odd and s plus that rounded to nearest (Boldo and
;; Melquiond 2008). Exact unless a * b overflows or its low part underflows.
(func $float.fma (param $a f64) (param $b f64) (param $c f64) (result f64)
  (local $p f64) (local $e f64) (local $s f64) (local $z f64) (local $t f64) (local $v f64)
  (local $w f64) (local $ah f64) (local $al f64) (local $bh f64) (local $bl f64) (local $bits i64)
  (local.set $p (f64.mul (local.get $a) (local.get $b)))
  (local.set $z (f64.mul (f64.const 134217729) (local.get $a)))
  (local.set $ah (f64.sub (local.get $z) (f64.sub (local.get $z) (local.get $a))))
  (local.set $al (f64.sub (local.get $a) (local.get $ah)))
  (local.set $z (f64.mul (f64.const 134217729) (local.get $b)))
  (local.set $bh (f64.sub (local.get $z) (f64.sub (local.get $z) (local.get $b))))
  (local.set $bl (f64.sub (local.get $b) (local.get $bh)))
  (local.set $e
    (f64.add
      (f64.add
        (f64.add
          (f64.sub (f64.mul (local.get $ah) (local.get $bh)) (local.get $p))
          (f64.mul (local.get $ah) (local.get $bl)))
        (f64.mul (local.get $al) (local.get $bh)))
      (f64.mul (local.get $al) (local.get $bl))))
  (local.set $s (f64.add (local.get $c) (local.get $p)))
  (local.set $z (f64.sub (local.get $s) (local.get $c)))
  (local.set $t
    (f64.add
      (f64.sub (local.get $c) (f64.sub (local.get $s) (local.get $z)))
      (f64.sub (local.get $p) (local.get $z))))
  (local.set $v (f64.add (local.get $t) (local.get $e)))
  (local.set $z (f64.sub (local.get $v) (local.get $t)))
  (local.set $w
    (f64.add
      (f64.sub (local.get $t) (f64.sub (local.get $v) (local.get $z)))
      (f64.sub (local.get $e) (local.get $z))))
  ;; v inexact and even: the neighbour towards the exact sum (one step in the bits)
  (if (f64.ne (local.get $w) (f64.const 0))
    (then
      (local.set $bits (i64.reinterpret_f64 (local.get $v)))
      (if (i64.eqz (i64.and (local.get $bits) (i64.const 1)))
        (then
          (local.set $v
            (f64.reinterpret_i64
              (select
                (i64.add (local.get $bits) (i64.const 1))
                (i64.sub (local.get $bits) (i64.const 1))
                (i32.eq
                  (f64.gt (local.get $w) (f64.const 0))
                  (f64.gt (local.get $v) (f64.const 0))))))))))
  (f64.add (local.get $s) (local.get $v)))
