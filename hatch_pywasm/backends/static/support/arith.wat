;; Arithmetic helpers with Python's semantics, for i64 ints and f64 floats.
;;
;; A helper that raises stores the address of a static error record in $exc and returns 0; the
;; caller checks $exc right after the call (see codegen.py). $err.* are those records.

;; int * int, raising OverflowError instead of wrapping.
(func $int.mul (param $a i64) (param $b i64) (result i64)
  (local $r i64)
  (local.set $r (i64.mul (local.get $a) (local.get $b)))
  ;; both factors within 32 bits: the product cannot overflow
  (if (i32.and (i64.eq (i64.extend32_s (local.get $a)) (local.get $a))
               (i64.eq (i64.extend32_s (local.get $b)) (local.get $b)))
    (then (return (local.get $r))))
  (if (i64.eqz (local.get $a)) (then (return (i64.const 0))))
  (if (i64.eq (local.get $a) (i64.const -1))
    (then
      (if (i64.eq (local.get $b) (i64.const 0x8000000000000000))
        (then (global.set $exc (global.get $err.overflow)) (return (i64.const 0))))
      (return (local.get $r))))
  (if (i64.ne (i64.div_s (local.get $r) (local.get $a)) (local.get $b))
    (then (global.set $exc (global.get $err.overflow)) (return (i64.const 0))))
  (local.get $r))

;; int // int: the quotient rounded toward minus infinity.
(func $int.floordiv (param $a i64) (param $b i64) (result i64)
  (local $q i64)
  (if (i64.eqz (local.get $b))
    (then (global.set $exc (global.get $err.floordiv_zero)) (return (i64.const 0))))
  (if (i32.and (i64.eq (local.get $a) (i64.const 0x8000000000000000))
               (i64.eq (local.get $b) (i64.const -1)))
    (then (global.set $exc (global.get $err.overflow)) (return (i64.const 0))))
  (local.set $q (i64.div_s (local.get $a) (local.get $b)))
  ;; div_s truncates toward zero: step down when inexact and the signs differ
  (if (i32.and (i64.ne (i64.mul (local.get $q) (local.get $b)) (local.get $a))
               (i64.lt_s (i64.xor (local.get $a) (local.get $b)) (i64.const 0)))
    (then (local.set $q (i64.sub (local.get $q) (i64.const 1)))))
  (local.get $q))

;; int % int: the remainder takes the divisor's sign.
(func $int.mod (param $a i64) (param $b i64) (result i64)
  (local $r i64)
  (if (i64.eqz (local.get $b))
    (then (global.set $exc (global.get $err.mod_zero)) (return (i64.const 0))))
  (if (i64.eq (local.get $b) (i64.const -1)) (then (return (i64.const 0))))
  (local.set $r (i64.rem_s (local.get $a) (local.get $b)))
  (if (i32.and (i64.ne (local.get $r) (i64.const 0))
               (i64.lt_s (i64.xor (local.get $r) (local.get $b)) (i64.const 0)))
    (then (local.set $r (i64.add (local.get $r) (local.get $b)))))
  (local.get $r))

;; int ** int for a non-negative exponent, by squaring; every product checked.
(func $int.pow (param $b i64) (param $e i64) (result i64)
  (local $r i64)
  (if (i64.lt_s (local.get $e) (i64.const 0))
    (then (global.set $exc (global.get $err.negative_power)) (return (i64.const 0))))
  (local.set $r (i64.const 1))
  (block $done
    (loop $next
      (br_if $done (i64.eqz (local.get $e)))
      (if (i32.wrap_i64 (i64.and (local.get $e) (i64.const 1)))
        (then
          (local.set $r (call $int.mul (local.get $r) (local.get $b)))
          (br_if $done (global.get $exc))))
      (local.set $e (i64.shr_u (local.get $e) (i64.const 1)))
      ;; square only when another bit follows: then the result needs the square anyway
      (if (i64.ne (local.get $e) (i64.const 0))
        (then
          (local.set $b (call $int.mul (local.get $b) (local.get $b)))
          (br_if $done (global.get $exc))))
      (br $next)))
  (local.get $r))

;; int << int: an overflow raises; a negative count raises ValueError, as CPython.
(func $int.lshift (param $a i64) (param $n i64) (result i64)
  (local $r i64)
  (if (i64.lt_s (local.get $n) (i64.const 0))
    (then (global.set $exc (global.get $err.negative_shift)) (return (i64.const 0))))
  (if (i64.eqz (local.get $a)) (then (return (i64.const 0))))
  (if (i64.ge_s (local.get $n) (i64.const 64))
    (then (global.set $exc (global.get $err.overflow)) (return (i64.const 0))))
  (local.set $r (i64.shl (local.get $a) (local.get $n)))
  (if (i64.ne (i64.shr_s (local.get $r) (local.get $n)) (local.get $a))
    (then (global.set $exc (global.get $err.overflow)) (return (i64.const 0))))
  (local.get $r))

(func $int.rshift (param $a i64) (param $n i64) (result i64)
  (if (i64.lt_s (local.get $n) (i64.const 0))
    (then (global.set $exc (global.get $err.negative_shift)) (return (i64.const 0))))
  (if (i64.ge_s (local.get $n) (i64.const 64))
    (then (local.set $n (i64.const 63))))
  (i64.shr_s (local.get $a) (local.get $n)))

;; int / int, correctly rounded as CPython's true division (not float(a) / float(b), which
;; rounds twice once an operand exceeds 2**53).
(func $int.truediv (param $a i64) (param $b i64) (result f64)
  (local $na i64) (local $nb i64) (local $q i64) (local $r i64) (local $scale f64)
  (if (i64.eqz (local.get $b))
    (then (global.set $exc (global.get $err.truediv_zero)) (return (f64.const 0))))
  ;; both exact as floats: one correctly rounded division
  (if (i32.and
        (i64.le_u (i64.add (local.get $a) (i64.const 0x20000000000000)) (i64.const 0x40000000000000))
        (i64.le_u (i64.add (local.get $b) (i64.const 0x20000000000000)) (i64.const 0x40000000000000)))
    (then (return (f64.div (f64.convert_i64_s (local.get $a)) (f64.convert_i64_s (local.get $b))))))
  (if (i64.eqz (local.get $a))
    (then (return (f64.copysign (f64.const 0) (f64.reinterpret_i64 (local.get $b))))))
  ;; magnitudes as unsigned (|MIN| = 2**63 fits), then binary long division until the
  ;; quotient has at least 55 bits; the remainder becomes a sticky bit, and the one rounding
  ;; happens in the unsigned conversion.
  (local.set $na (select (i64.sub (i64.const 0) (local.get $a)) (local.get $a)
                         (i64.lt_s (local.get $a) (i64.const 0))))
  (local.set $nb (select (i64.sub (i64.const 0) (local.get $b)) (local.get $b)
                         (i64.lt_s (local.get $b) (i64.const 0))))
  (local.set $q (i64.div_u (local.get $na) (local.get $nb)))
  (local.set $r (i64.rem_u (local.get $na) (local.get $nb)))
  (local.set $scale (f64.const 1))
  (block $enough
    (loop $more
      (br_if $enough (i64.ge_u (local.get $q) (i64.const 0x40000000000000)))
      ;; r < nb <= 2**63, so 2r fits in 64 bits
      (local.set $r (i64.shl (local.get $r) (i64.const 1)))
      (local.set $q (i64.shl (local.get $q) (i64.const 1)))
      (if (i64.ge_u (local.get $r) (local.get $nb))
        (then
          (local.set $r (i64.sub (local.get $r) (local.get $nb)))
          (local.set $q (i64.or (local.get $q) (i64.const 1)))))
      (local.set $scale (f64.mul (local.get $scale) (f64.const 0.5)))
      (br $more)))
  (local.set $q (i64.or (local.get $q) (i64.extend_i32_u (i64.ne (local.get $r) (i64.const 0)))))
  (f64.copysign
    (f64.mul (f64.convert_i64_u (local.get $q)) (local.get $scale))
    (f64.reinterpret_i64 (i64.xor (local.get $a) (local.get $b)))))

;; Compare an int with a float exactly: -1, 0, 1, or 2 when the float is NaN.
(func $int_float.cmp (param $i i64) (param $f f64) (result i32)
  (local $fi f64) (local $t i64)
  (if (f64.ne (local.get $f) (local.get $f)) (then (return (i32.const 2))))
  (local.set $fi (f64.convert_i64_s (local.get $i)))
  ;; rounding is monotonic, so a strict order of the rounded int is the true order
  (if (f64.lt (local.get $fi) (local.get $f)) (then (return (i32.const -1))))
  (if (f64.gt (local.get $fi) (local.get $f)) (then (return (i32.const 1))))
  ;; equal as floats: f is integral; 2**63 is beyond every int
  (if (f64.ge (local.get $f) (f64.const 0x1p63)) (then (return (i32.const -1))))
  (local.set $t (i64.trunc_f64_s (local.get $f)))
  (i32.sub (i64.gt_s (local.get $i) (local.get $t)) (i64.lt_s (local.get $i) (local.get $t))))

;; An integral float to int: NaN, infinities and values beyond 64 bits raise as CPython's int().
(func $float.to_int (param $x f64) (result i64)
  (if (f64.ne (local.get $x) (local.get $x))
    (then (global.set $exc (global.get $err.nan_to_int)) (return (i64.const 0))))
  (if (f64.eq (f64.abs (local.get $x)) (f64.const inf))
    (then (global.set $exc (global.get $err.inf_to_int)) (return (i64.const 0))))
  (if (i32.or (f64.ge (local.get $x) (f64.const 0x1p63)) (f64.lt (local.get $x) (f64.const -0x1p63)))
    (then (global.set $exc (global.get $err.overflow)) (return (i64.const 0))))
  (i64.trunc_f64_s (local.get $x)))

;; len(range(start, stop, step)), without overflow: the distance is taken as unsigned.
(func $range.count (param $start i64) (param $stop i64) (param $step i64) (result i64)
  (if (i64.eqz (local.get $step))
    (then (global.set $exc (global.get $err.range_step_zero)) (return (i64.const 0))))
  (if (i64.gt_s (local.get $step) (i64.const 0))
    (then
      (if (i64.ge_s (local.get $start) (local.get $stop)) (then (return (i64.const 0))))
      (return (i64.add (i64.div_u (i64.sub (i64.sub (local.get $stop) (local.get $start)) (i64.const 1))
                                  (local.get $step))
                       (i64.const 1)))))
  (if (i64.le_s (local.get $start) (local.get $stop)) (then (return (i64.const 0))))
  (i64.add (i64.div_u (i64.sub (i64.sub (local.get $start) (local.get $stop)) (i64.const 1))
                      (i64.sub (i64.const 0) (local.get $step)))
           (i64.const 1)))
