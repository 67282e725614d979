;; float // and float %, as CPython's float_floor_div and float_rem, on an exact fmod.

;; C's fmod: exact (the remainder of a float division is always representable); a port of
;; musl's bitwise long division. x and y finite or not, y != 0 checked by the callers.
(func $float.fmod (param $x f64) (param $y f64) (result f64)
  (local $ux i64) (local $uy i64) (local $ex i64) (local $ey i64) (local $sx i64) (local $i i64)
  (local.set $ux (i64.reinterpret_f64 (local.get $x)))
  (local.set $uy (i64.reinterpret_f64 (local.get $y)))
  (local.set $ex (i64.and (i64.shr_u (local.get $ux) (i64.const 52)) (i64.const 0x7ff)))
  (local.set $ey (i64.and (i64.shr_u (local.get $uy) (i64.const 52)) (i64.const 0x7ff)))
  (local.set $sx (i64.and (local.get $ux) (i64.const 0x8000000000000000)))
  ;; y NaN or x infinite/NaN: NaN
  (if (i32.or (f64.ne (local.get $y) (local.get $y)) (i64.eq (local.get $ex) (i64.const 0x7ff)))
    (then (return (f64.div (f64.mul (local.get $x) (local.get $y)) (f64.mul (local.get $x) (local.get $y))))))
  ;; |x| <= |y|
  (if (i64.le_u (i64.shl (local.get $ux) (i64.const 1)) (i64.shl (local.get $uy) (i64.const 1)))
    (then
      (if (i64.eq (i64.shl (local.get $ux) (i64.const 1)) (i64.shl (local.get $uy) (i64.const 1)))
        (then (return (f64.mul (f64.const 0) (local.get $x)))))
      (return (local.get $x))))
  ;; normalise the significands (subnormals shifted up, exponent below 1)
  (if (i64.eqz (local.get $ex))
    (then
      (local.set $i (i64.shl (local.get $ux) (i64.const 12)))
      (block $done (loop $shift
        (br_if $done (i64.lt_s (local.get $i) (i64.const 0)))
        (local.set $ex (i64.sub (local.get $ex) (i64.const 1)))
        (local.set $i (i64.shl (local.get $i) (i64.const 1)))
        (br $shift)))
      (local.set $ux (i64.shl (local.get $ux) (i64.sub (i64.const 1) (local.get $ex)))))
    (else
      (local.set $ux (i64.or (i64.and (local.get $ux) (i64.const 0xfffffffffffff))
                             (i64.const 0x10000000000000)))))
  (if (i64.eqz (local.get $ey))
    (then
      (local.set $i (i64.shl (local.get $uy) (i64.const 12)))
      (block $done (loop $shift
        (br_if $done (i64.lt_s (local.get $i) (i64.const 0)))
        (local.set $ey (i64.sub (local.get $ey) (i64.const 1)))
        (local.set $i (i64.shl (local.get $i) (i64.const 1)))
        (br $shift)))
      (local.set $uy (i64.shl (local.get $uy) (i64.sub (i64.const 1) (local.get $ey)))))
    (else
      (local.set $uy (i64.or (i64.and (local.get $uy) (i64.const 0xfffffffffffff))
                             (i64.const 0x10000000000000)))))
  ;; long division, one bit per exponent step
  (block $done (loop $step
    (br_if $done (i64.le_s (local.get $ex) (local.get $ey)))
    (local.set $i (i64.sub (local.get $ux) (local.get $uy)))
    (if (i64.ge_s (local.get $i) (i64.const 0))
      (then
        (if (i64.eqz (local.get $i)) (then (return (f64.mul (f64.const 0) (local.get $x)))))
        (local.set $ux (local.get $i))))
    (local.set $ux (i64.shl (local.get $ux) (i64.const 1)))
    (local.set $ex (i64.sub (local.get $ex) (i64.const 1)))
    (br $step)))
  (local.set $i (i64.sub (local.get $ux) (local.get $uy)))
  (if (i64.ge_s (local.get $i) (i64.const 0))
    (then
      (if (i64.eqz (local.get $i)) (then (return (f64.mul (f64.const 0) (local.get $x)))))
      (local.set $ux (local.get $i))))
  (block $done (loop $norm
    (br_if $done (i64.ne (i64.shr_u (local.get $ux) (i64.const 52)) (i64.const 0)))
    (local.set $ux (i64.shl (local.get $ux) (i64.const 1)))
    (local.set $ex (i64.sub (local.get $ex) (i64.const 1)))
    (br $norm)))
  ;; rebuild the float (a subnormal result when the exponent fell below 1)
  (if (i64.gt_s (local.get $ex) (i64.const 0))
    (then
      (local.set $ux (i64.or (i64.sub (local.get $ux) (i64.const 0x10000000000000))
                             (i64.shl (local.get $ex) (i64.const 52)))))
    (else
      (local.set $ux (i64.shr_u (local.get $ux) (i64.sub (i64.const 1) (local.get $ex))))))
  (f64.reinterpret_i64 (i64.or (local.get $ux) (local.get $sx))))

;; x % y: the remainder takes the divisor's sign (CPython's float_rem).
(func $float.mod (param $x f64) (param $y f64) (result f64)
  (local $mod f64)
  (if (f64.eq (local.get $y) (f64.const 0))
    (then (global.set $exc (global.get $err.float_mod_zero)) (return (f64.const 0))))
  (local.set $mod (call $float.fmod (local.get $x) (local.get $y)))
  (if (f64.ne (local.get $mod) (f64.const 0))
    (then
      (if (i32.ne (f64.lt (local.get $y) (f64.const 0)) (f64.lt (local.get $mod) (f64.const 0)))
        (then (local.set $mod (f64.add (local.get $mod) (local.get $y))))))
    (else (local.set $mod (f64.copysign (f64.const 0) (local.get $y)))))
  (local.get $mod))

;; x // y: CPython's float_floor_div (via _float_div_mod), step for step.
(func $float.floordiv (param $x f64) (param $y f64) (result f64)
  (local $mod f64) (local $div f64) (local $floor f64)
  (if (f64.eq (local.get $y) (f64.const 0))
    (then (global.set $exc (global.get $err.float_floordiv_zero)) (return (f64.const 0))))
  (local.set $mod (call $float.fmod (local.get $x) (local.get $y)))
  (local.set $div (f64.div (f64.sub (local.get $x) (local.get $mod)) (local.get $y)))
  (if (f64.ne (local.get $mod) (f64.const 0))
    (then
      (if (i32.ne (f64.lt (local.get $y) (f64.const 0)) (f64.lt (local.get $mod) (f64.const 0)))
        (then (local.set $div (f64.sub (local.get $div) (f64.const 1)))))))
  (if (f64.ne (local.get $div) (f64.const 0))
    (then
      (local.set $floor (f64.floor (local.get $div)))
      (if (f64.gt (f64.sub (local.get $div) (local.get $floor)) (f64.const 0.5))
        (then (local.set $floor (f64.add (local.get $floor) (f64.const 1))))))
    (else (local.set $floor (f64.copysign (f64.const 0) (f64.div (local.get $x) (local.get $y))))))
  (local.get $floor))
