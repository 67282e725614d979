;; Whole-list operations (==, in, min, max, sum), slices of lists and str, and the ABI form of
;; list[str]. An item's $kind says how to read its 8-byte slot: 0 int (i64), 1 float (f64),
;; 2 bool (i32), 3 str (i32: the address of a str object); 4 is "float items, int needle"
;; (compared exactly, as CPython compares an int with a float). A needle comes as the 8 bytes
;; an item would hold.

;; Whether the item at $p equals the value $bits. Floats compare by value (NaN equals nothing:
;; CPython's identity shortcut for the same NaN object has no counterpart for unboxed floats).
(func $item.eq (param $p i32) (param $bits i64) (param $kind i32) (result i32)
  (if (i32.eqz (local.get $kind))
    (then (return (i64.eq (i64.load (local.get $p)) (local.get $bits)))))
  (if (i32.eq (local.get $kind) (i32.const 1))
    (then (return (f64.eq (f64.load (local.get $p)) (f64.reinterpret_i64 (local.get $bits))))))
  (if (i32.eq (local.get $kind) (i32.const 2))
    (then (return (i32.eq (i32.load (local.get $p)) (i32.wrap_i64 (local.get $bits))))))
  (if (i32.eq (local.get $kind) (i32.const 3))
    (then (return (call $str.eq (i32.load (local.get $p)) (i32.wrap_i64 (local.get $bits))))))
  (i32.eqz (call $int_float.cmp (local.get $bits) (f64.load (local.get $p)))))

;; xs == ys: the same length and pairwise equal items.
(func $list.eq (param $a i32) (param $b i32) (param $kind i32) (result i32)
  (local $n i32) (local $i i32) (local $pa i32) (local $pb i32)
  (local.set $n (i32.load (local.get $a)))
  (if (i32.ne (local.get $n) (i32.load (local.get $b))) (then (return (i32.const 0))))
  (local.set $pa (i32.load offset=8 (local.get $a)))
  (local.set $pb (i32.load offset=8 (local.get $b)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (if (i32.eqz (call $item.eq (i32.add (local.get $pa) (i32.shl (local.get $i) (i32.const 3)))
                                (i64.load (i32.add (local.get $pb) (i32.shl (local.get $i) (i32.const 3))))
                                (local.get $kind)))
      (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (i32.const 1))

;; needle in xs.
(func $list.contains (param $bits i64) (param $l i32) (param $kind i32) (result i32)
  (local $p i32) (local $end i32)
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (if (call $item.eq (local.get $p) (local.get $bits) (local.get $kind))
      (then (return (i32.const 1))))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (i32.const 0))

;; Whether the item at $p is strictly below (or, with $max, above) the item at $q.
(func $item.beyond (param $p i32) (param $q i32) (param $kind i32) (param $max i32) (result i32)
  (if (i32.eqz (local.get $kind))
    (then (return (select (i64.gt_s (i64.load (local.get $p)) (i64.load (local.get $q)))
                          (i64.lt_s (i64.load (local.get $p)) (i64.load (local.get $q)))
                          (local.get $max)))))
  (if (i32.eq (local.get $kind) (i32.const 1))
    (then (return (select (f64.gt (f64.load (local.get $p)) (f64.load (local.get $q)))
                          (f64.lt (f64.load (local.get $p)) (f64.load (local.get $q)))
                          (local.get $max)))))
  (if (i32.eq (local.get $kind) (i32.const 2))
    (then (return (select (i32.gt_u (i32.load (local.get $p)) (i32.load (local.get $q)))
                          (i32.lt_u (i32.load (local.get $p)) (i32.load (local.get $q)))
                          (local.get $max)))))
  (local.set $kind (call $str.cmp (i32.load (local.get $p)) (i32.load (local.get $q))))
  (select (i32.gt_s (local.get $kind) (i32.const 0)) (i32.lt_s (local.get $kind) (i32.const 0))
          (local.get $max)))

;; The address of the item min(xs) ($max = 0) or max(xs) returns: CPython's left fold, where an
;; item replaces the candidate only when strictly beyond it (the first of equal items wins, NaN
;; never replaces). $empty: the ValueError record for an empty list.
(func $list.extreme (param $l i32) (param $kind i32) (param $max i32) (param $empty i32) (result i32)
  (local $best i32) (local $p i32) (local $end i32)
  (if (i32.eqz (i32.load (local.get $l)))
    (then (global.set $exc (local.get $empty)) (return (i32.const 0))))
  (local.set $best (i32.load offset=8 (local.get $l)))
  (local.set $p (i32.add (local.get $best) (i32.const 8)))
  (local.set $end (i32.add (local.get $best) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (if (call $item.beyond (local.get $p) (local.get $best) (local.get $kind) (local.get $max))
      (then (local.set $best (local.get $p))))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (local.get $best))

(func $list.min (param $l i32) (param $kind i32) (result i32)
  (call $list.extreme (local.get $l) (local.get $kind) (i32.const 0) (global.get $err.min_empty)))

(func $list.max (param $l i32) (param $kind i32) (result i32)
  (call $list.extreme (local.get $l) (local.get $kind) (i32.const 1) (global.get $err.max_empty)))

;; sum(xs) of ints: checked like +, so an intermediate sum beyond 64 bits raises OverflowError.
(func $list.sum_int (param $l i32) (result i64)
  (local $p i32) (local $end i32) (local $s i64) (local $x i64) (local $r i64)
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (local.set $x (i64.load (local.get $p)))
    (local.set $r (i64.add (local.get $s) (local.get $x)))
    (if (i64.lt_s (i64.and (i64.xor (local.get $s) (local.get $r))
                           (i64.xor (local.get $x) (local.get $r)))
                  (i64.const 0))
      (then (global.set $exc (global.get $err.overflow)) (return (i64.const 0))))
    (local.set $s (local.get $r))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (local.get $s))

;; sum(xs) of bools: how many are True.
(func $list.sum_bool (param $l i32) (result i64)
  (local $p i32) (local $end i32) (local $s i64)
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.load (local.get $p)))))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (local.get $s))

;; sum(xs) of floats as CPython 3.12+ (and componentize-py's 3.14) computes it: 0 + the first
;; item (so -0.0 becomes 0.0), then Neumaier's compensated sum of the rest, the compensation
;; added at the end unless it is 0 or not finite.
(func $list.sum_float (param $l i32) (result f64)
  (local $p i32) (local $end i32) (local $f f64) (local $c f64) (local $x f64) (local $t f64)
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (f64.const 0))))
  (local.set $f (f64.add (f64.const 0) (f64.load (local.get $p))))
  (local.set $p (i32.add (local.get $p) (i32.const 8)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (local.set $x (f64.load (local.get $p)))
    (local.set $t (f64.add (local.get $f) (local.get $x)))
    (if (f64.ge (f64.abs (local.get $f)) (f64.abs (local.get $x)))
      (then (local.set $c (f64.add (local.get $c)
                                   (f64.add (f64.sub (local.get $f) (local.get $t)) (local.get $x)))))
      (else (local.set $c (f64.add (local.get $c)
                                   (f64.add (f64.sub (local.get $x) (local.get $t)) (local.get $f))))))
    (local.set $f (local.get $t))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (if (i32.and (f64.ne (local.get $c) (f64.const 0))
               (f64.lt (f64.abs (local.get $c)) (f64.const inf)))
    (then (local.set $f (f64.add (local.get $f) (local.get $c)))))
  (local.get $f))

;; A slice bound clamped as PySlice_AdjustIndices does for a sequence of $n items.
(func $slice.clamp (param $i i64) (param $n i64) (param $step i64) (result i64)
  (if (i64.lt_s (local.get $i) (i64.const 0))
    (then
      (local.set $i (i64.add (local.get $i) (local.get $n)))
      (if (i64.lt_s (local.get $i) (i64.const 0))
        (then (return (select (i64.const -1) (i64.const 0)
                              (i64.lt_s (local.get $step) (i64.const 0)))))))
    (else
      (if (i64.ge_s (local.get $i) (local.get $n))
        (then (return (select (i64.sub (local.get $n) (i64.const 1)) (local.get $n)
                              (i64.lt_s (local.get $step) (i64.const 0))))))))
  (local.get $i))

;; seq[start:stop:step] of a sequence of $n items: (the first index, the number of items), as
;; CPython's PySlice_Unpack + PySlice_AdjustIndices give them. $omitted: bit 0 when start was
;; left out, bit 1 when stop was (their defaults depend on the sign of step). A zero step
;; raises ValueError.
(func $slice.adjust (param $start i64) (param $stop i64) (param $step i64) (param $n i64)
                    (param $omitted i64) (result i64 i64)
  (if (i64.eqz (local.get $step))
    (then (global.set $exc (global.get $err.slice_step_zero))
          (return (i64.const 0) (i64.const 0))))
  ;; as CPython: keeps -step representable
  (if (i64.eq (local.get $step) (i64.const 0x8000000000000000))
    (then (local.set $step (i64.const -0x7fffffffffffffff))))
  (if (i32.wrap_i64 (i64.and (local.get $omitted) (i64.const 1)))
    (then (local.set $start (select (i64.const 0x7fffffffffffffff) (i64.const 0)
                                    (i64.lt_s (local.get $step) (i64.const 0))))))
  (if (i32.wrap_i64 (i64.and (local.get $omitted) (i64.const 2)))
    (then (local.set $stop (select (i64.const 0x8000000000000000) (i64.const 0x7fffffffffffffff)
                                   (i64.lt_s (local.get $step) (i64.const 0))))))
  (local.set $start (call $slice.clamp (local.get $start) (local.get $n) (local.get $step)))
  (local.set $stop (call $slice.clamp (local.get $stop) (local.get $n) (local.get $step)))
  (local.get $start)
  (if (result i64) (i64.lt_s (local.get $step) (i64.const 0))
    (then
      (if (result i64) (i64.lt_s (local.get $stop) (local.get $start))
        (then (i64.add (i64.div_s (i64.sub (i64.sub (local.get $start) (local.get $stop)) (i64.const 1))
                                  (i64.sub (i64.const 0) (local.get $step)))
                       (i64.const 1)))
        (else (i64.const 0))))
    (else
      (if (result i64) (i64.lt_s (local.get $start) (local.get $stop))
        (then (i64.add (i64.div_s (i64.sub (i64.sub (local.get $stop) (local.get $start)) (i64.const 1))
                                  (local.get $step))
                       (i64.const 1)))
        (else (i64.const 0))))))

;; xs[start:stop:step]: a new list of the chosen items.
(func $list.slice (param $l i32) (param $start i64) (param $stop i64) (param $step i64)
                  (param $omitted i64) (result i32)
  (local $first i64) (local $count i64) (local $r i32) (local $src i32) (local $dst i32)
  (local $end i32) (local $stride i32)
  (call $slice.adjust (local.get $start) (local.get $stop) (local.get $step)
                      (i64.extend_i32_u (i32.load (local.get $l))) (local.get $omitted))
  (local.set $count)
  (local.set $first)
  (if (global.get $exc) (then (return (i32.const 0))))
  (local.set $r (call $list.alloc (i32.wrap_i64 (local.get $count)) (i32.wrap_i64 (local.get $count))))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (local.set $src (i32.add (i32.load offset=8 (local.get $l))
                           (i32.shl (i32.wrap_i64 (local.get $first)) (i32.const 3))))
  (local.set $dst (i32.load offset=8 (local.get $r)))
  (local.set $end (i32.add (local.get $dst) (i32.shl (i32.wrap_i64 (local.get $count)) (i32.const 3))))
  ;; with two or more items |step| < len < 2**28, so the stride fits; with one it is not used
  (local.set $stride (i32.shl (i32.wrap_i64 (local.get $step)) (i32.const 3)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
    (i64.store (local.get $dst) (i64.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $stride)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
    (br $next)))
  (local.get $r))

;; The byte length of the UTF-8 sequence starting with the lead byte $b.
(func $utf8.width (param $b i32) (result i32)
  (if (i32.lt_u (local.get $b) (i32.const 0x80)) (then (return (i32.const 1))))
  (if (i32.lt_u (local.get $b) (i32.const 0xe0)) (then (return (i32.const 2))))
  (select (i32.const 3) (i32.const 4) (i32.lt_u (local.get $b) (i32.const 0xf0))))

;; s[start:stop:step] with a step written in the source (a module that only slices with a
;; step of 1 does not link the code point walk below).
(func $str.slice_step (param $s i32) (param $a i64) (param $b i64) (param $step i64)
                      (param $omitted i64) (result i32)
  (local $first i64) (local $count i64)
  (if (i64.eq (local.get $step) (i64.const 1))
    (then (return (call $str.slice (local.get $s) (local.get $a) (local.get $b) (local.get $step)
                                   (local.get $omitted)))))
  (call $slice.adjust (local.get $a) (local.get $b) (local.get $step) (call $str.len (local.get $s))
                      (local.get $omitted))
  (local.set $count)
  (local.set $first)
  (if (global.get $exc) (then (return (i32.const 0))))
  (call $str.pick_code_points (local.get $s) (local.get $first) (local.get $count) (local.get $step)))

;; The code points first, first + step, ... (count of them) of $s as a new str: each found from
;; the start (unless the text is ASCII), sized first, then copied.
(func $str.pick_code_points (param $s i32) (param $first i64) (param $count i64) (param $step i64)
                            (result i32)
  (local $ascii i32) (local $k i64) (local $at i32) (local $width i32) (local $size i32)
  (local $r i32) (local $out i32)
  (local.set $ascii (i64.eq (call $str.len (local.get $s)) (i64.extend_i32_u (i32.load (local.get $s)))))
  (block $sized (loop $measure
    (br_if $sized (i64.ge_u (local.get $k) (local.get $count)))
    (local.set $at (call $str.code_point_at (local.get $s) (local.get $first) (local.get $k)
                                            (local.get $step) (local.get $ascii)))
    (local.set $size (i32.add (local.get $size)
      (call $utf8.width (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $at))))))
    (local.set $k (i64.add (local.get $k) (i64.const 1)))
    (br $measure)))
  (local.set $r (call $alloc.malloc (i32.add (local.get $size) (i32.const 4))))
  (if (i32.eqz (local.get $r))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $r) (local.get $size))
  (local.set $out (i32.add (local.get $r) (i32.const 4)))
  (local.set $k (i64.const 0))
  (block $copied (loop $copy
    (br_if $copied (i64.ge_u (local.get $k) (local.get $count)))
    (local.set $at (i32.add (i32.add (local.get $s) (i32.const 4))
      (call $str.code_point_at (local.get $s) (local.get $first) (local.get $k)
                               (local.get $step) (local.get $ascii))))
    (local.set $width (call $utf8.width (i32.load8_u (local.get $at))))
    (memory.copy (local.get $out) (local.get $at) (local.get $width))
    (local.set $out (i32.add (local.get $out) (local.get $width)))
    (local.set $k (i64.add (local.get $k) (i64.const 1)))
    (br $copy)))
  (local.get $r))

;; The byte offset of code point first + k * step (in range: the slice chose it).
(func $str.code_point_at (param $s i32) (param $first i64) (param $k i64) (param $step i64)
                         (param $ascii i32) (result i32)
  (local $index i32)
  (local.set $index (i32.wrap_i64 (i64.add (local.get $first) (i64.mul (local.get $k) (local.get $step)))))
  (if (local.get $ascii) (then (return (local.get $index))))
  (call $str.offset (local.get $s) (local.get $index)))

;; A list<string> the host passed in: its buffer of (pointer, length) pairs becomes the items,
;; each pair replaced in place by the address of a str object made from it.
(func $list.strs_from_abi (param $ptr i32) (param $len i32) (result i32)
  (local $l i32) (local $p i32) (local $end i32)
  (local.set $l (call $list.adopt (local.get $ptr) (local.get $len)))
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (local.get $len) (i32.const 3))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (i32.store (local.get $p)
               (call $str.from_abi (i32.load (local.get $p)) (i32.load offset=4 (local.get $p))))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (local.get $l))

;; A returned list[str] as the ABI's buffer of (pointer, length) pairs, in a new block (the
;; same list may be returned twice, in two fields). Running out of memory here traps: the result
;; is already being written, too late to raise MemoryError.
(func $list.strs_to_abi (param $l i32) (result i32)
  (local $p i32) (local $end i32) (local $s i32) (local $out i32) (local $q i32)
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (if (i32.eq (local.get $p) (local.get $end)) (then (return (i32.const 0))))
  (local.set $out (call $alloc.malloc (i32.sub (local.get $end) (local.get $p))))
  (if (i32.eqz (local.get $out)) (then unreachable))
  (local.set $q (local.get $out))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (local.set $s (i32.load (local.get $p)))
    (i32.store (local.get $q) (i32.add (local.get $s) (i32.const 4)))
    (i32.store offset=4 (local.get $q) (i32.load (local.get $s)))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (local.set $q (i32.add (local.get $q) (i32.const 8)))
    (br $next)))
  (local.get $out))

;; The address of slot $i (negative counts from the end) of a tuple of $n 8-byte slots whose
;; items all have one type (t[i] with an index known only at run time), or IndexError.
(func $tuple.address (param $t i32) (param $i i64) (param $n i64) (result i32)
  (if (i64.lt_s (local.get $i) (i64.const 0)) (then (local.set $i (i64.add (local.get $i) (local.get $n)))))
  (if (i32.or (i64.lt_s (local.get $i) (i64.const 0)) (i64.ge_s (local.get $i) (local.get $n)))
    (then (global.set $exc (global.get $err.tuple_index)) (return (i32.const 0))))
  (i32.add (local.get $t) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 3))))
