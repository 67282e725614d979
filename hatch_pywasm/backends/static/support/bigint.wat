;; Integers of any size (the static README's int convention). In the program's locals an int is
;; a *tagged* i64: values in [-2**62, 2**62) are *small* (themselves: x + 2**62 >= 0 as signed);
;; any other is a *big* int, -2**63 plus the address of a block [i32 limb count n][i32 sign: 0
;; or 1][n u32 limbs, least significant first] (no leading zero limb). A value fitting the small
;; range is always small, so two ints are equal iff their i64s are, unless both are big. Memory,
;; the ABI and the math library hold *raw* i64s (their ints are within 64 bits): $int.lift and
;; $int.lower convert. These routines are the slow paths of the inline code (codegen/ops.py).

;; A block for n limbs (count set, sign 0, limbs not cleared); traps when memory is exhausted.
;; $int.bigs counts them: a loop region (transform/regions.py) keeps what an iteration made
;; once it changes, since a variable may hold a big int across iterations.
(func $int.alloc (param $n i32) (result i32)
  (local $p i32)
  (global.set $int.bigs (i32.add (global.get $int.bigs) (i32.const 1)))
  (local.set $p (call $alloc.malloc (i32.add (i32.const 8) (i32.shl (local.get $n) (i32.const 2)))))
  (if (i32.eqz (local.get $p)) (then unreachable))
  (i32.store (local.get $p) (local.get $n))
  (i32.store offset=4 (local.get $p) (i32.const 0))
  (local.get $p))

;; The block of a raw i64 (any, the big range's too): its magnitude as two limbs.
(func $int.raw_block (param $x i64) (result i32)
  (local $p i32)
  (local.set $p (call $int.alloc (i32.const 2)))
  (i32.store offset=4 (local.get $p) (i64.lt_s (local.get $x) (i64.const 0)))
  (i64.store offset=8 (local.get $p)
    (select (i64.sub (i64.const 0) (local.get $x)) (local.get $x)
            (i64.lt_s (local.get $x) (i64.const 0))))
  (call $int.trim (local.get $p))
  (local.get $p))

;; The block of a tagged int: a big one's own, a small one's new one.
(func $int.block (param $x i64) (result i32)
  (if (i64.lt_s (i64.add (local.get $x) (i64.const 0x4000000000000000)) (i64.const 0))
    (then (return (i32.wrap_i64 (local.get $x)))))
  (call $int.raw_block (local.get $x)))

;; Drop leading zero limbs.
(func $int.trim (param $p i32)
  (local $n i32)
  (local.set $n (i32.load (local.get $p)))
  (block $done
    (loop $more
      (br_if $done (i32.eqz (local.get $n)))
      (br_if $done (i32.load offset=4
                     (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2)))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $more)))
  (i32.store (local.get $p) (local.get $n)))

;; A block as a tagged int: small when it fits (the one form of each value).
(func $int.norm (param $p i32) (result i64)
  (local $n i32) (local $m i64)
  (call $int.trim (local.get $p))
  (local.set $n (i32.load (local.get $p)))
  (if (i32.le_u (local.get $n) (i32.const 2))
    (then
      (local.set $m
        (if (result i64) (i32.eq (local.get $n) (i32.const 2))
          (then (i64.load offset=8 (local.get $p)))
          (else (if (result i64) (local.get $n)
                  (then (i64.load32_u offset=8 (local.get $p)))
                  (else (i64.const 0))))))
      (if (i32.load offset=4 (local.get $p))
        (then
          (if (i64.le_u (local.get $m) (i64.const 0x4000000000000000))
            (then (return (i64.sub (i64.const 0) (local.get $m))))))
        (else
          (if (i64.lt_u (local.get $m) (i64.const 0x4000000000000000))
            (then (return (local.get $m))))))))
  (call $int.tag (local.get $p)))

;; A big int's block as its tag: a negative one's below every small int, a positive one's above
;; (so comparing with a small int is the i64 compare).
(func $int.tag (param $p i32) (result i64)
  (i64.or (i64.extend_i32_u (local.get $p))
          (select (i64.const 0x8000000000000000) (i64.const 0x4000000000000000)
                  (i32.load offset=4 (local.get $p)))))

;; A raw i64 (a parameter, an item read from memory, a library result) as a tagged int.
(func $int.lift (param $x i64) (result i64)
  (if (i64.ge_s (i64.add (local.get $x) (i64.const 0x4000000000000000)) (i64.const 0)) (then (return (local.get $x))))
  (call $int.tag (call $int.raw_block (local.get $x))))

;; A tagged int as a raw i64 for an operation that is not big-aware: beyond 64 bits it raises
;; OverflowError ($err.big_int).
(func $int.lower (param $x i64) (result i64)
  (local $p i32) (local $m i64)
  (if (i64.ge_s (i64.add (local.get $x) (i64.const 0x4000000000000000)) (i64.const 0)) (then (return (local.get $x))))
  (local.set $p (i32.wrap_i64 (local.get $x)))
  ;; a big int is never small: it fits when of two limbs, below 2**63 (2**63 itself if negative)
  (local.set $m (i64.load offset=8 (local.get $p)))
  (if (i32.eq (i32.load (local.get $p)) (i32.const 2))
    (then
      (if (i32.load offset=4 (local.get $p))
        (then
          (if (i64.le_u (local.get $m) (i64.const 0x8000000000000000))
            (then (return (i64.sub (i64.const 0) (local.get $m))))))
        (else
          (if (i64.ge_s (local.get $m) (i64.const 0)) (then (return (local.get $m))))))))
  (global.set $exc (global.get $err.big_int))
  (i64.const 0))

;; Compare magnitudes: -1, 0 or 1.
(func $int.mag_cmp (param $a i32) (param $b i32) (result i32)
  (local $n i32) (local $x i32) (local $y i32)
  (local.set $n (i32.load (local.get $a)))
  (if (i32.ne (local.get $n) (i32.load (local.get $b)))
    (then (return (select (i32.const -1) (i32.const 1)
                          (i32.lt_u (local.get $n) (i32.load (local.get $b)))))))
  (block $done
    (loop $more
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (local.set $x (i32.load offset=8 (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2)))))
      (local.set $y (i32.load offset=8 (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 2)))))
      (if (i32.ne (local.get $x) (local.get $y))
        (then (return (select (i32.const -1) (i32.const 1) (i32.lt_u (local.get $x) (local.get $y))))))
      (br $more)))
  (i32.const 0))

;; limb k of a block, 0 beyond its count
(func $int.limb (param $p i32) (param $k i32) (result i64)
  (if (result i64) (i32.lt_u (local.get $k) (i32.load (local.get $p)))
    (then (i64.load32_u offset=8 (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2)))))
    (else (i64.const 0))))

;; |a| + |b| (sub = 0) or |a| - |b| (sub = 1, |a| >= |b|), in a new block of sign 0.
(func $int.mag_add (param $a i32) (param $b i32) (param $sub i32) (result i32)
  (local $n i32) (local $r i32) (local $k i32) (local $t i64) (local $carry i64)
  (local.set $n (i32.add (select (i32.load (local.get $a)) (i32.load (local.get $b))
                                 (i32.gt_u (i32.load (local.get $a)) (i32.load (local.get $b))))
                         (i32.const 1)))
  (local.set $r (call $int.alloc (local.get $n)))
  (block $done
    (loop $more
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      ;; a borrow is a carry of -1: the arithmetic shift keeps it
      (local.set $t
        (i64.add (local.get $carry)
          (if (result i64) (local.get $sub)
            (then (i64.sub (call $int.limb (local.get $a) (local.get $k))
                           (call $int.limb (local.get $b) (local.get $k))))
            (else (i64.add (call $int.limb (local.get $a) (local.get $k))
                           (call $int.limb (local.get $b) (local.get $k)))))))
      (i32.store offset=8 (i32.add (local.get $r) (i32.shl (local.get $k) (i32.const 2)))
                 (i32.wrap_i64 (local.get $t)))
      (local.set $carry (i64.shr_s (local.get $t) (i64.const 32)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $more)))
  (local.get $r))

;; a + b for blocks with signs sa and sb (given apart: b's own block serves for -b).
(func $int.add_signed (param $a i32) (param $sa i32) (param $b i32) (param $sb i32) (result i64)
  (local $r i32)
  (if (i32.eq (local.get $sa) (local.get $sb))
    (then
      (local.set $r (call $int.mag_add (local.get $a) (local.get $b) (i32.const 0)))
      (i32.store offset=4 (local.get $r) (local.get $sa)))
    (else
      (if (i32.ge_s (call $int.mag_cmp (local.get $a) (local.get $b)) (i32.const 0))
        (then
          (local.set $r (call $int.mag_add (local.get $a) (local.get $b) (i32.const 1)))
          (i32.store offset=4 (local.get $r) (local.get $sa)))
        (else
          (local.set $r (call $int.mag_add (local.get $b) (local.get $a) (i32.const 1)))
          (i32.store offset=4 (local.get $r) (local.get $sb))))))
  (call $int.norm (local.get $r)))

(func $int.big_add (param $a i64) (param $b i64) (result i64)
  (local $pa i32) (local $pb i32)
  (local.set $pa (call $int.block (local.get $a)))
  (local.set $pb (call $int.block (local.get $b)))
  (call $int.add_signed (local.get $pa) (i32.load offset=4 (local.get $pa))
                        (local.get $pb) (i32.load offset=4 (local.get $pb))))

(func $int.big_sub (param $a i64) (param $b i64) (result i64)
  (local $pa i32) (local $pb i32)
  (local.set $pa (call $int.block (local.get $a)))
  (local.set $pb (call $int.block (local.get $b)))
  (call $int.add_signed (local.get $pa) (i32.load offset=4 (local.get $pa))
                        (local.get $pb) (i32.xor (i32.load offset=4 (local.get $pb)) (i32.const 1))))

;; a * b, schoolbook: each step (2**32-1)**2 plus two limbs fits in 64 bits.
(func $int.big_mul (param $a i64) (param $b i64) (result i64)
  (local $pa i32) (local $pb i32) (local $na i32) (local $nb i32) (local $r i32)
  (local $i i32) (local $j i32) (local $at i32) (local $x i64) (local $t i64) (local $carry i64)
  (local.set $pa (call $int.block (local.get $a)))
  (local.set $pb (call $int.block (local.get $b)))
  (local.set $na (i32.load (local.get $pa)))
  (local.set $nb (i32.load (local.get $pb)))
  (local.set $r (call $int.alloc (i32.add (local.get $na) (local.get $nb))))
  (memory.fill (i32.add (local.get $r) (i32.const 8)) (i32.const 0)
               (i32.shl (i32.add (local.get $na) (local.get $nb)) (i32.const 2)))
  (block $rows_done
    (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $na)))
      (local.set $x (call $int.limb (local.get $pa) (local.get $i)))
      (local.set $carry (i64.const 0))
      (local.set $j (i32.const 0))
      (block $cols_done
        (loop $cols
          (br_if $cols_done (i32.ge_u (local.get $j) (local.get $nb)))
          (local.set $at (i32.add (local.get $r)
                                  (i32.shl (i32.add (local.get $i) (local.get $j)) (i32.const 2))))
          (local.set $t (i64.add (i64.add (i64.mul (local.get $x) (call $int.limb (local.get $pb) (local.get $j)))
                                          (i64.load32_u offset=8 (local.get $at)))
                                 (local.get $carry)))
          (i32.store offset=8 (local.get $at) (i32.wrap_i64 (local.get $t)))
          (local.set $carry (i64.shr_u (local.get $t) (i64.const 32)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $cols)))
      (i32.store offset=8 (i32.add (local.get $r)
                                   (i32.shl (i32.add (local.get $i) (local.get $nb)) (i32.const 2)))
                 (i32.wrap_i64 (local.get $carry)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
  (i32.store offset=4 (local.get $r)
             (i32.xor (i32.load offset=4 (local.get $pa)) (i32.load offset=4 (local.get $pb))))
  (call $int.norm (local.get $r)))

;; Compare two tagged ints: -1, 0 or 1 (a zero's block has no limbs and sign 0).
(func $int.big_cmp (param $a i64) (param $b i64) (result i32)
  (local $pa i32) (local $pb i32) (local $sa i32)
  (if (i32.and (i64.ge_s (i64.add (local.get $a) (i64.const 0x4000000000000000)) (i64.const 0))
               (i64.ge_s (i64.add (local.get $b) (i64.const 0x4000000000000000)) (i64.const 0)))
    (then (return (i32.sub (i64.gt_s (local.get $a) (local.get $b))
                           (i64.lt_s (local.get $a) (local.get $b))))))
  (local.set $pa (call $int.block (local.get $a)))
  (local.set $pb (call $int.block (local.get $b)))
  (local.set $sa (i32.load offset=4 (local.get $pa)))
  (if (i32.ne (local.get $sa) (i32.load offset=4 (local.get $pb)))
    (then (return (select (i32.const -1) (i32.const 1) (local.get $sa)))))
  (select (i32.sub (i32.const 0) (call $int.mag_cmp (local.get $pa) (local.get $pb)))
          (call $int.mag_cmp (local.get $pa) (local.get $pb))
          (local.get $sa)))

;; str() of a tagged int: the magnitude divided by 10**9 again and again, each remainder nine
;; digits (the last quotient's without leading zeros).
(func $int.big_str (param $x i64) (result i32)
  (local $p i32) (local $q i32) (local $n i32) (local $k i32) (local $rem i64) (local $t i64)
  (local $buf i32) (local $pos i32) (local $d i32) (local $s i32) (local $len i32)
  (if (i64.ge_s (i64.add (local.get $x) (i64.const 0x4000000000000000)) (i64.const 0))
    (then (return (call $int.to_str (local.get $x)))))
  (local.set $p (i32.wrap_i64 (local.get $x)))
  (local.set $n (i32.load (local.get $p)))
  ;; a copy to divide in place; the digits fill a buffer from its end (10 per limb suffice)
  (local.set $q (call $int.alloc (local.get $n)))
  (memory.copy (i32.add (local.get $q) (i32.const 8)) (i32.add (local.get $p) (i32.const 8))
               (i32.shl (local.get $n) (i32.const 2)))
  (local.set $len (i32.add (i32.mul (local.get $n) (i32.const 10)) (i32.const 1)))
  (local.set $buf (call $int.alloc (local.get $len)))
  (local.set $pos (i32.shl (local.get $len) (i32.const 2)))
  (block $digits_done
    (loop $chunk
      (local.set $rem (i64.const 0))
      (local.set $k (i32.load (local.get $q)))
      (block $divided
        (loop $divide
          (br_if $divided (i32.eqz (local.get $k)))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (local.set $t (i64.or (i64.shl (local.get $rem) (i64.const 32))
                                (call $int.limb (local.get $q) (local.get $k))))
          (i32.store offset=8 (i32.add (local.get $q) (i32.shl (local.get $k) (i32.const 2)))
                     (i32.wrap_i64 (i64.div_u (local.get $t) (i64.const 1000000000))))
          (local.set $rem (i64.rem_u (local.get $t) (i64.const 1000000000)))
          (br $divide)))
      (call $int.trim (local.get $q))
      (local.set $d (i32.const 0))
      (loop $digit
        (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
        (i32.store8 offset=8 (i32.add (local.get $buf) (local.get $pos))
                    (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $rem) (i64.const 10)))))
        (local.set $rem (i64.div_u (local.get $rem) (i64.const 10)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        ;; nine digits a chunk, but the last stops at its leading digit
        (br_if $digit (select (i64.ne (local.get $rem) (i64.const 0))
                              (i32.lt_u (local.get $d) (i32.const 9))
                              (i32.eqz (i32.load (local.get $q))))))
      (br_if $chunk (i32.load (local.get $q)))))
  (if (i32.load offset=4 (local.get $p))
    (then
      (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
      (i32.store8 offset=8 (i32.add (local.get $buf) (local.get $pos)) (i32.const 45))))
  (local.set $len (i32.sub (i32.shl (local.get $len) (i32.const 2)) (local.get $pos)))
  (local.set $s (call $alloc.malloc (i32.add (local.get $len) (i32.const 4))))
  (if (i32.eqz (local.get $s))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $s) (local.get $len))
  (memory.copy (i32.add (local.get $s) (i32.const 4))
               (i32.add (i32.add (local.get $buf) (i32.const 8)) (local.get $pos)) (local.get $len))
  (local.get $s))

;; An exported function's int result as the s64 WIT carries: beyond it the subset's
;; OverflowError ($err.overflow), as before big ints.
(func $int.result (param $x i64) (result i64)
  (local $raw i64)
  (local.set $raw (call $int.lower (local.get $x)))
  (if (global.get $exc) (then (global.set $exc (global.get $err.overflow))))
  (local.get $raw))

;; a * b of tagged ints: the i64 product when both are small and it is small, else $int.big_mul.
(func $int.tmul (param $a i64) (param $b i64) (result i64)
  (local $r i64)
  (local.set $r (i64.mul (local.get $a) (local.get $b)))
  (if (i32.and (i64.eq (i64.extend32_s (local.get $a)) (local.get $a))
               (i64.eq (i64.extend32_s (local.get $b)) (local.get $b)))
    (then (if (i64.ge_s (i64.add (local.get $r) (i64.const 0x4000000000000000)) (i64.const 0))
            (then (return (local.get $r))))))
  (call $int.big_mul (local.get $a) (local.get $b)))

;; b ** e for a tagged int b and e >= 0, by squaring; an exponent beyond the small range only
;; for b in (0, 1, -1) (any other result would not fit in memory).
(func $int.big_pow (param $b i64) (param $e i64) (result i64)
  (local $r i64)
  (if (i64.lt_s (i64.add (local.get $e) (i64.const 0x4000000000000000)) (i64.const 0))
    (then
      ;; a big exponent: its sign and lowest limb in its block
      (if (i32.load offset=4 (i32.wrap_i64 (local.get $e)))
        (then (global.set $exc (global.get $err.negative_power)) (return (i64.const 0))))
      (if (i64.eq (local.get $b) (i64.const -1))
        (then (return (select (i64.const -1) (i64.const 1)
                              (i32.and (i32.load offset=8 (i32.wrap_i64 (local.get $e)))
                                       (i32.const 1))))))
      (if (i64.le_u (local.get $b) (i64.const 1)) (then (return (local.get $b))))
      (global.set $exc (global.get $err.big_int))
      (return (i64.const 0))))
  (if (i64.lt_s (local.get $e) (i64.const 0))
    (then (global.set $exc (global.get $err.negative_power)) (return (i64.const 0))))
  (local.set $r (i64.const 1))
  (block $done
    (loop $next
      (br_if $done (i64.eqz (local.get $e)))
      (if (i32.wrap_i64 (i64.and (local.get $e) (i64.const 1)))
        (then (local.set $r (call $int.tmul (local.get $r) (local.get $b)))))
      (local.set $e (i64.shr_u (local.get $e) (i64.const 1)))
      (if (i64.ne (local.get $e) (i64.const 0))
        (then (local.set $b (call $int.tmul (local.get $b) (local.get $b)))))
      (br $next)))
  (local.get $r))

(func $int.big_neg (param $x i64) (result i64)
  (call $int.big_sub (i64.const 0) (local.get $x)))

(func $int.big_abs (param $x i64) (result i64)
  (if (result i64) (i64.lt_s (i64.add (local.get $x) (i64.const 0x4000000000000000)) (i64.const 0))
    (then (if (result i64) (i32.load offset=4 (i32.wrap_i64 (local.get $x)))
            (then (call $int.big_neg (local.get $x)))
            (else (local.get $x))))
    (else (if (result i64) (i64.lt_s (local.get $x) (i64.const 0))
            (then (call $int.big_neg (local.get $x)))
            (else (local.get $x))))))

;; a << n: a * 2**n (a negative count raises ValueError, as CPython)
(func $int.big_lshift (param $a i64) (param $n i64) (result i64)
  (local $r i64)
  (if (i64.ge_s (i64.add (local.get $n) (i64.const 0x4000000000000000)) (i64.const 0))
    (then
      (if (i64.lt_s (local.get $n) (i64.const 0))
        (then (global.set $exc (global.get $err.negative_shift)) (return (i64.const 0))))
      (if (i64.lt_u (local.get $n) (i64.const 62))
        (then
          (local.set $r (i64.shl (local.get $a) (local.get $n)))
          (if (i32.and (i64.eq (i64.shr_s (local.get $r) (local.get $n)) (local.get $a))
                       (i64.ge_s (i64.add (local.get $r) (i64.const 0x4000000000000000))
                                 (i64.const 0)))
            (then (return (local.get $r))))))))
  (if (i64.lt_s (i64.add (local.get $n) (i64.const 0x4000000000000000)) (i64.const 0))
    (then (if (i32.load offset=4 (i32.wrap_i64 (local.get $n)))
            (then (global.set $exc (global.get $err.negative_shift)) (return (i64.const 0))))))
  (if (i64.eqz (local.get $a)) (then (return (i64.const 0))))
  (call $int.big_mul (local.get $a) (call $int.big_pow (i64.const 2) (local.get $n))))

;; An integral float as a tagged int: NaN and infinities raise as CPython's int(); from 2**62
;; up, its significand times a power of two.
(func $int.from_float (param $x f64) (result i64)
  (local $bits i64) (local $m i64)
  (if (f64.ne (local.get $x) (local.get $x))
    (then (global.set $exc (global.get $err.nan_to_int)) (return (i64.const 0))))
  (if (f64.eq (f64.abs (local.get $x)) (f64.const inf))
    (then (global.set $exc (global.get $err.inf_to_int)) (return (i64.const 0))))
  (if (f64.lt (f64.abs (local.get $x)) (f64.const 0x1p62))
    (then (return (i64.trunc_f64_s (local.get $x)))))
  (local.set $bits (i64.reinterpret_f64 (local.get $x)))
  (local.set $m (i64.or (i64.and (local.get $bits) (i64.const 0xfffffffffffff))
                        (i64.const 0x10000000000000)))
  (call $int.big_lshift
    (select (i64.sub (i64.const 0) (local.get $m)) (local.get $m)
            (i64.lt_s (local.get $bits) (i64.const 0)))
    (i64.sub (i64.and (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 0x7ff))
             (i64.const 1075))))
