;; Text and ordering routines of application code (issue 16): ord, str.join, the code points
;; of a str as a list, reversed copies, the stable sort behind sorted(). Strings are
;; [byte length: i32][UTF-8 bytes] (str.wat); lists are [length][capacity][items] with 8-byte
;; items (list.wat).

;; ord(s) of a one-code-point str (the caller checked the length): its UTF-8 decoded.
(func $str.ord (param $s i32) (result i64)
  (local $b i32) (local $n i32) (local $cp i32) (local $i i32)
  (local.set $b (i32.load8_u offset=4 (local.get $s)))
  (if (i32.lt_u (local.get $b) (i32.const 0x80)) (then (return (i64.extend_i32_u (local.get $b)))))
  (local.set $n (i32.load (local.get $s)))
  ;; the lead byte's payload: 5, 4 or 3 bits for 2-, 3- and 4-byte sequences
  (local.set $cp (i32.and (local.get $b) (i32.shr_u (i32.const 0x7f) (local.get $n))))
  (local.set $i (i32.const 1))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $cp (i32.or (i32.shl (local.get $cp) (i32.const 6))
      (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))) (i32.const 0x3f))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (i64.extend_i32_u (local.get $cp)))

;; sep.join(parts) of a list[str]: one new str.
(func $str.join (param $sep i32) (param $l i32) (result i32)
  (local $n i32) (local $items i32) (local $i i32) (local $size i32) (local $s i32) (local $at i32)
  (local $part i32) (local $ls i32)
  (local.set $n (i32.load (local.get $l)))
  (local.set $items (i32.load offset=8 (local.get $l)))
  (local.set $ls (i32.load (local.get $sep)))
  (if (local.get $n)
    (then (local.set $size (i32.mul (local.get $ls) (i32.sub (local.get $n) (i32.const 1))))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $size (i32.add (local.get $size)
      (i32.load (i32.load (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 3)))))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.set $s (call $alloc.malloc (i32.add (local.get $size) (i32.const 4))))
  (if (i32.eqz (local.get $s))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $s) (local.get $size))
  (local.set $at (i32.add (local.get $s) (i32.const 4)))
  (local.set $i (i32.const 0))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (if (local.get $i)
      (then
        (call $str.copy (local.get $at) (i32.add (local.get $sep) (i32.const 4)) (local.get $ls))
        (local.set $at (i32.add (local.get $at) (local.get $ls)))))
    (local.set $part (i32.load (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 3)))))
    (call $str.copy (local.get $at) (i32.add (local.get $part) (i32.const 4)) (i32.load (local.get $part)))
    (local.set $at (i32.add (local.get $at) (i32.load (local.get $part))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $s))

;; The code points of s, last first, as a list of one-code-point strs (reversed(s)).
(func $str.reversed_chars (param $s i32) (result i32)
  (local $l i32) (local $n i32) (local $i i32) (local $end i32) (local $count i32) (local $c i32)
  (local.set $n (i32.wrap_i64 (call $str.len (local.get $s))))
  (local.set $l (call $list.alloc (local.get $n) (local.get $n)))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (local.set $end (i32.load (local.get $s)))
  (local.set $i (local.get $end))
  (block $done (loop $next
    (br_if $done (i32.eqz (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    ;; back to the first byte of this code point
    (br_if $next (i32.eq (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i)))
                                  (i32.const 0xc0)) (i32.const 0x80)))
    (local.set $c (call $str.char (local.get $s) (local.get $i) (local.get $end)))
    (if (i32.eqz (local.get $c)) (then (return (i32.const 0))))
    (i32.store (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $count) (i32.const 3)))
               (local.get $c))
    (local.set $count (i32.add (local.get $count) (i32.const 1)))
    (local.set $end (local.get $i))
    (br $next)))
  (local.get $l))

;; The code points of s as a list of one-code-point strs (for ch in s, sorted(s)). An ASCII
;; one is its static str ($str.latin1's, written here without a call).
(func $str.chars (param $s i32) (result i32)
  (local $l i32) (local $i i32) (local $start i32) (local $end i32) (local $c i32) (local $b i32)
  (local $at i32)
  (local.set $i (i32.wrap_i64 (call $str.len (local.get $s))))
  (local.set $l (call $list.alloc (local.get $i) (local.get $i)))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (local.set $at (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.load (local.get $s)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
    (local.set $i (i32.add (local.get $start) (i32.const 1)))
    (local.set $b (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $start))))
    (if (i32.lt_u (local.get $b) (i32.const 0x80))
      (then
        (local.set $c (i32.add (global.get $str.latin1) (i32.shl (local.get $b) (i32.const 3))))
        (i32.store (local.get $c) (i32.const 1))
        (i32.store8 offset=4 (local.get $c) (local.get $b)))
      (else
        (block $found (loop $more  ;; past the continuation bytes of this code point
          (br_if $found (i32.ge_u (local.get $i) (local.get $end)))
          (br_if $found (i32.ne (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i)))
                                         (i32.const 0xc0)) (i32.const 0x80)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $more)))
        (local.set $c (call $str.char (local.get $s) (local.get $start) (local.get $i)))
        (if (i32.eqz (local.get $c)) (then (return (i32.const 0))))))
    (i32.store (local.get $at) (local.get $c))
    (local.set $at (i32.add (local.get $at) (i32.const 8)))
    (local.set $start (local.get $i))
    (br $next)))
  (local.get $l))

;; A new list of the items of $l, last first.
(func $list.reversed (param $l i32) (result i32)
  (local $r i32) (local $n i32) (local $i i32) (local $from i32) (local $to i32)
  (local.set $n (i32.load (local.get $l)))
  (local.set $r (call $list.alloc (local.get $n) (local.get $n)))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (local.set $from (i32.load offset=8 (local.get $l)))
  (local.set $to (i32.load offset=8 (local.get $r)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (i64.store (i32.add (local.get $to) (i32.shl (i32.sub (i32.sub (local.get $n) (local.get $i))
                                                          (i32.const 1)) (i32.const 3)))
               (i64.load (i32.add (local.get $from) (i32.shl (local.get $i) (i32.const 3)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $r))

;; a < b of two 8-byte items of a kind (codegen/sequences.py KIND: 0 int, 1 float, 2 bool, 3 str).
(func $sort.less (param $a i64) (param $b i64) (param $kind i32) (result i32)
  (if (i32.eqz (local.get $kind)) (then (return (i64.lt_s (local.get $a) (local.get $b)))))
  (if (i32.eq (local.get $kind) (i32.const 1))
    (then (return (f64.lt (f64.reinterpret_i64 (local.get $a)) (f64.reinterpret_i64 (local.get $b))))))
  (if (i32.eq (local.get $kind) (i32.const 2))
    (then (return (i32.lt_u (i32.wrap_i64 (local.get $a)) (i32.wrap_i64 (local.get $b))))))
  (i32.lt_s (call $str.cmp (i32.wrap_i64 (local.get $a)) (i32.wrap_i64 (local.get $b))) (i32.const 0)))

;; sorted(l) / sorted(l, reverse=True): a new list, by a stable bottom-up merge sort (for the
;; total orders of int, bool and str any stable sort gives CPython's list; reverse keeps equal
;; items in their order, as CPython's reverse-sort-reverse does). Floats holding a NaN have no
;; total order, and CPython's result then depends on its timsort's exact steps: ValueError
;; (one item is never compared: it comes back as it is).
(func $list.sorted (param $l i32) (param $reverse i32) (param $kind i32) (result i32)
  (call $list.sorted_by (local.get $l) (local.get $l) (local.get $reverse) (local.get $kind)))

;; sorted(l, key=f): the same sort of l's items (any 8-byte items) by the parallel list $keys
;; of a kind ($keys = $l: the items are their own keys; else the keys move with their items).
(func $list.sorted_by (param $l i32) (param $keys i32) (param $reverse i32) (param $kind i32)
                      (result i32)
  (local $r i32) (local $n i32) (local $src i32) (local $dst i32) (local $width i32) (local $i i32)
  (local $mid i32) (local $end i32) (local $a i32) (local $b i32) (local $k i32) (local $t i32)
  (local $x i64) (local $y i64) (local $tmp i32) (local $right i32)
  (local $ksrc i32) (local $kdst i32) (local $kcopy i32) (local $ktmp i32) (local $plain i32)
  (local.set $n (i32.load (local.get $l)))
  (local.set $r (call $list.alloc (local.get $n) (local.get $n)))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (local.set $src (i32.load offset=8 (local.get $r)))
  (memory.copy (local.get $src) (i32.load offset=8 (local.get $l)) (i32.shl (local.get $n) (i32.const 3)))
  (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return (local.get $r))))
  (if (i32.eq (local.get $kind) (i32.const 1))
    (then
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $t (i32.add (i32.load offset=8 (local.get $keys)) (i32.shl (local.get $i) (i32.const 3))))
        (if (f64.ne (f64.load (local.get $t)) (f64.load (local.get $t)))
          (then (global.set $exc (global.get $err.sort_nan)) (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))
  (local.set $plain (i32.eq (local.get $keys) (local.get $l)))
  (local.set $tmp (call $alloc.malloc (i32.shl (local.get $n) (i32.const 3))))
  (local.set $ksrc (local.get $src))
  (local.set $ktmp (local.get $tmp))
  (if (i32.eqz (local.get $plain))
    (then
      (local.set $kcopy (call $alloc.malloc (i32.shl (local.get $n) (i32.const 3))))
      (local.set $ktmp (call $alloc.malloc (i32.shl (local.get $n) (i32.const 3))))
      (local.set $ksrc (local.get $kcopy))
      (if (i32.and (i32.ne (local.get $kcopy) (i32.const 0)) (i32.ne (local.get $ktmp) (i32.const 0)))
        (then (memory.copy (local.get $kcopy) (i32.load offset=8 (local.get $keys))
                           (i32.shl (local.get $n) (i32.const 3)))))))
  (if (i32.or (i32.eqz (local.get $tmp)) (i32.or (i32.eqz (local.get $ksrc)) (i32.eqz (local.get $ktmp))))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $dst (local.get $tmp))
  (local.set $kdst (local.get $ktmp))
  (local.set $width (i32.const 1))
  (block $sorted (loop $pass
    (br_if $sorted (i32.ge_u (local.get $width) (local.get $n)))
    (local.set $i (i32.const 0))
    (block $merged (loop $pair
      (br_if $merged (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $mid (select (i32.add (local.get $i) (local.get $width)) (local.get $n)
        (i32.lt_u (i32.add (local.get $i) (local.get $width)) (local.get $n))))
      (local.set $end (select (i32.add (local.get $mid) (local.get $width)) (local.get $n)
        (i32.lt_u (i32.add (local.get $mid) (local.get $width)) (local.get $n))))
      (local.set $a (local.get $i))
      (local.set $b (local.get $mid))
      (local.set $k (local.get $i))
      (block $filled (loop $take
        (br_if $filled (i32.ge_u (local.get $k) (local.get $end)))
        (if (i32.ge_u (local.get $a) (local.get $mid))
          (then (local.set $right (i32.const 1)))
          (else
            (if (i32.ge_u (local.get $b) (local.get $end))
              (then (local.set $right (i32.const 0)))
              (else
                (local.set $x (i64.load (i32.add (local.get $ksrc) (i32.shl (local.get $a) (i32.const 3)))))
                (local.set $y (i64.load (i32.add (local.get $ksrc) (i32.shl (local.get $b) (i32.const 3)))))
                ;; the right item first only when strictly before the left one: stable
                (local.set $right
                  (select (call $sort.less (local.get $x) (local.get $y) (local.get $kind))
                          (call $sort.less (local.get $y) (local.get $x) (local.get $kind))
                          (local.get $reverse)))))))
        (local.set $t (select (local.get $b) (local.get $a) (local.get $right)))
        (i64.store (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 3)))
                   (i64.load (i32.add (local.get $src) (i32.shl (local.get $t) (i32.const 3)))))
        (i64.store (i32.add (local.get $kdst) (i32.shl (local.get $k) (i32.const 3)))
                   (i64.load (i32.add (local.get $ksrc) (i32.shl (local.get $t) (i32.const 3)))))
        (if (local.get $right)
          (then (local.set $b (i32.add (local.get $b) (i32.const 1))))
          (else (local.set $a (i32.add (local.get $a) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $take)))
      (local.set $i (local.get $end))
      (br $pair)))
    (local.set $t (local.get $src))
    (local.set $src (local.get $dst))
    (local.set $dst (local.get $t))
    (local.set $t (local.get $ksrc))
    (local.set $ksrc (local.get $kdst))
    (local.set $kdst (local.get $t))
    (local.set $width (i32.shl (local.get $width) (i32.const 1)))
    (br $pass)))
  (if (i32.ne (local.get $src) (i32.load offset=8 (local.get $r)))
    (then (memory.copy (i32.load offset=8 (local.get $r)) (local.get $src)
                       (i32.shl (local.get $n) (i32.const 3)))))
  (call $alloc.free (local.get $tmp))
  (if (i32.eqz (local.get $plain))
    (then (call $alloc.free (local.get $kcopy)) (call $alloc.free (local.get $ktmp))))
  (local.get $r))
;; xs += ys: the items ys has now appended to xs (ys may be xs: its length is read first).
(func $list.extend (param $l i32) (param $more i32)
  (local $n i32) (local $i i32) (local $slot i32)
  (local.set $n (i32.load (local.get $more)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $slot (call $list.push (local.get $l)))
    (if (i32.eqz (local.get $slot)) (then (return)))
    (i64.store (local.get $slot)
               (i64.load (i32.add (i32.load offset=8 (local.get $more)) (i32.shl (local.get $i) (i32.const 3)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next))))

;; Whether the error record $record's type name is the str object $name ("builtins.ValueError").
(func $exc.named (param $record i32) (param $name i32) (result i32)
  (local $n i32) (local $i i32) (local $at i32)
  (local.set $n (i32.load (local.get $name)))
  (if (i32.ne (i32.load offset=4 (local.get $record)) (local.get $n)) (then (return (i32.const 0))))
  (local.set $at (i32.load (local.get $record)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (if (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $i)))
                (i32.load8_u offset=4 (i32.add (local.get $name) (local.get $i))))
      (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (i32.const 1))

;; Whether s is not empty and each of its code points is in the class $table
;; (support/chartables.py: an ASCII bitmap, then ranges): str.isdigit() etc. An ASCII byte is
;; tested in the bitmap here, without a call.
(func $str.all_in (param $s i32) (param $table i32) (result i32)
  (local $i i32) (local $next i32) (local $end i32) (local $b i32)
  (local.set $end (i32.load (local.get $s)))
  (if (i32.eqz (local.get $end)) (then (return (i32.const 0))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (local.set $b (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))))
    (if (i32.lt_u (local.get $b) (i32.const 0x80))
      (then
        (if (i64.eqz (i64.and (i64.const 1) (i64.shr_u
              (i64.load (i32.add (local.get $table) (i32.shl (i32.shr_u (local.get $b) (i32.const 6))
                                                                       (i32.const 3))))
              (i64.extend_i32_u (local.get $b)))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.set $next (call $str.next (local.get $s) (local.get $i)))
    (if (i32.eqz (call $cp.in_table (call $str.cp_at (local.get $s) (local.get $i) (local.get $next))
                                    (local.get $table)))
      (then (return (i32.const 0))))
    (local.set $i (local.get $next))
    (br $each)))
  (i32.const 1))

;; The index of the first item equal to the 8 bytes $bits (support/sequence.wat's $item.eq by
;; kind), or -1: a dict's key lookup.
(func $list.find (param $bits i64) (param $l i32) (param $kind i32) (result i64)
  (local $p i32) (local $end i32) (local $start i32)
  (local.set $start (i32.load offset=8 (local.get $l)))
  (local.set $p (local.get $start))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (if (call $item.eq (local.get $p) (local.get $bits) (local.get $kind))
      (then (return (i64.extend_i32_u (i32.shr_u (i32.sub (local.get $p) (local.get $start))
                                                 (i32.const 3))))))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (i64.const -1))

;; A dict (irbuild/dicts.py: [keys list][values list]) as a new list of (key, value) tuples in
;; insertion order: the list<tuple<K, V>> a dict result crosses WIT as. Out of memory traps:
;; the result is being lowered, too late to raise MemoryError.
(func $dict.items (param $d i32) (result i32)
  (local $keys i32) (local $values i32) (local $n i32) (local $l i32) (local $i i32) (local $pair i32)
  (if (global.get $exc) (then (return (i32.const 0))))  ;; the call raised: no result to lower
  (local.set $keys (i32.load (local.get $d)))
  (local.set $values (i32.load offset=8 (local.get $d)))
  (local.set $n (i32.load (local.get $keys)))
  (local.set $l (call $list.alloc (local.get $n) (local.get $n)))
  (if (i32.eqz (local.get $l)) (then unreachable))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $pair (call $alloc.malloc (i32.const 16)))
    (if (i32.eqz (local.get $pair)) (then unreachable))
    (i64.store (local.get $pair)
      (i64.load (i32.add (i32.load offset=8 (local.get $keys)) (i32.shl (local.get $i) (i32.const 3)))))
    (i64.store offset=8 (local.get $pair)
      (i64.load (i32.add (i32.load offset=8 (local.get $values)) (i32.shl (local.get $i) (i32.const 3)))))
    (i32.store (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3)))
               (local.get $pair))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $l))

;; s.startswith(p) / s.endswith(p) ($end = 1): byte-wise (UTF-8 keeps code point boundaries).
(func $str.affix (param $s i32) (param $p i32) (param $end i32) (result i32)
  (local $n i32) (local $m i32) (local $at i32) (local $i i32)
  (local.set $n (i32.load (local.get $s)))
  (local.set $m (i32.load (local.get $p)))
  (if (i32.gt_u (local.get $m) (local.get $n)) (then (return (i32.const 0))))
  (local.set $at (select (i32.sub (local.get $n) (local.get $m)) (i32.const 0) (local.get $end)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
    (if (i32.ne (i32.load8_u offset=4 (i32.add (local.get $s) (i32.add (local.get $at) (local.get $i))))
                (i32.load8_u offset=4 (i32.add (local.get $p) (local.get $i))))
      (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (i32.const 1))

;; Whether code point $cp is in the class $table (support/chartables.py): ASCII by its
;; bitmap, the others by a binary search of its ranges.
(func $cp.in_table (param $cp i32) (param $table i32) (result i32)
  (local $lo i32) (local $hi i32) (local $mid i32) (local $range i64)
  (if (i32.lt_u (local.get $cp) (i32.const 0x80))
    (then (return (i32.wrap_i64 (i64.and (i64.const 1) (i64.shr_u
      (i64.load (i32.add (local.get $table) (i32.shl (i32.shr_u (local.get $cp) (i32.const 6))
                                                               (i32.const 3))))
      (i64.extend_i32_u (local.get $cp))))))))
  (local.set $table (i32.add (local.get $table) (i32.const 16)))  ;; past the bitmap
  (local.set $hi (i32.wrap_i64 (i64.load (local.get $table))))
  (block $found (loop $halve
    (br_if $found (i32.ge_u (local.get $lo) (local.get $hi)))
    (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
    (local.set $range (i64.load offset=8 (i32.add (local.get $table) (i32.shl (local.get $mid) (i32.const 3)))))
    (if (i64.le_u (i64.shr_u (local.get $range) (i64.const 32)) (i64.extend_i32_u (local.get $cp)))
      (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
      (else (local.set $hi (local.get $mid))))
    (br $halve)))
  (if (i32.eqz (local.get $lo)) (then (return (i32.const 0))))
  (local.set $range (i64.load (i32.add (local.get $table) (i32.shl (local.get $lo) (i32.const 3)))))
  (i64.le_u (i64.extend_i32_u (local.get $cp)) (i64.and (local.get $range) (i64.const 0xffffffff))))

;; The code point whose UTF-8 bytes are s's [from, to).
(func $str.cp_at (param $s i32) (param $from i32) (param $to i32) (result i32)
  (local $cp i32) (local $i i32)
  (local.set $cp (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $from))))
  (if (i32.lt_u (local.get $cp) (i32.const 0x80)) (then (return (local.get $cp))))
  (local.set $cp (i32.and (local.get $cp)
    (i32.shr_u (i32.const 0x7f) (i32.sub (local.get $to) (local.get $from)))))
  (local.set $i (i32.add (local.get $from) (i32.const 1)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
    (local.set $cp (i32.or (i32.shl (local.get $cp) (i32.const 6))
      (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))) (i32.const 0x3f))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $cp))

;; The end of the code point that starts at byte $i of s.
(func $str.next (param $s i32) (param $i i32) (result i32)
  (local $end i32)
  (local.set $end (i32.load (local.get $s)))
  (local.set $i (i32.add (local.get $i) (i32.const 1)))
  (block $done (loop $more
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (br_if $done (i32.ne (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i)))
                                  (i32.const 0xc0)) (i32.const 0x80)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $more)))
  (local.get $i))

;; Whether s's code point [from, to) is one to strip: one of the code points of $chars, or
;; with $chars 0 whitespace ($spaces: the isspace table).
(func $str.strippable (param $s i32) (param $from i32) (param $to i32) (param $chars i32)
                      (param $spaces i32) (result i32)
  (local $i i32) (local $k i32) (local $w i32) (local $n i32)
  (if (i32.eqz (local.get $chars))
    (then (return (call $cp.in_table (call $str.cp_at (local.get $s) (local.get $from) (local.get $to))
                                     (local.get $spaces)))))
  (local.set $w (i32.sub (local.get $to) (local.get $from)))
  (local.set $n (i32.load (local.get $chars)))
  (block $none (loop $at
    (br_if $none (i32.gt_u (i32.add (local.get $i) (local.get $w)) (local.get $n)))
    (local.set $k (i32.const 0))
    (block $differs (loop $byte
      (if (i32.ge_u (local.get $k) (local.get $w)) (then (return (i32.const 1))))
      (br_if $differs (i32.ne
        (i32.load8_u offset=4 (i32.add (local.get $chars) (i32.add (local.get $i) (local.get $k))))
        (i32.load8_u offset=4 (i32.add (local.get $s) (i32.add (local.get $from) (local.get $k))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $byte)))
    (local.set $i (call $str.next (local.get $chars) (local.get $i)))
    (br $at)))
  (i32.const 0))

;; s.strip(chars) / lstrip ($mode 1) / rstrip ($mode 2) / strip ($mode 3); $chars 0: whitespace.
(func $str.strip (param $s i32) (param $chars i32) (param $mode i32) (param $spaces i32) (result i32)
  (local $i i32) (local $j i32) (local $k i32) (local $next i32)
  (local.set $j (i32.load (local.get $s)))
  (if (i32.and (local.get $mode) (i32.const 1))
    (then
      (block $done (loop $left
        (br_if $done (i32.ge_u (local.get $i) (local.get $j)))
        (local.set $next (call $str.next (local.get $s) (local.get $i)))
        (br_if $done (i32.eqz (call $str.strippable (local.get $s) (local.get $i) (local.get $next)
                                                    (local.get $chars) (local.get $spaces))))
        (local.set $i (local.get $next))
        (br $left)))))
  (if (i32.and (local.get $mode) (i32.const 2))
    (then
      (block $done (loop $right
        (br_if $done (i32.le_u (local.get $j) (local.get $i)))
        (local.set $k (i32.sub (local.get $j) (i32.const 1)))
        (block $start (loop $back
          (br_if $start (i32.le_u (local.get $k) (local.get $i)))
          (br_if $start (i32.ne (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $k)))
                                         (i32.const 0xc0)) (i32.const 0x80)))
          (local.set $k (i32.sub (local.get $k) (i32.const 1)))
          (br $back)))
        (br_if $done (i32.eqz (call $str.strippable (local.get $s) (local.get $k) (local.get $j)
                                                    (local.get $chars) (local.get $spaces))))
        (local.set $j (local.get $k))
        (br $right)))))
  (call $str.bytes (local.get $s) (local.get $i) (local.get $j)))

;; A new str of s's bytes [from, to) appended to the list of strs $l; 0 when out of memory.
(func $list.push_piece (param $l i32) (param $s i32) (param $from i32) (param $to i32) (result i32)
  (local $piece i32) (local $slot i32)
  (local.set $piece (call $str.bytes (local.get $s) (local.get $from) (local.get $to)))
  (if (i32.eqz (local.get $piece)) (then (return (i32.const 0))))
  (local.set $slot (call $list.push (local.get $l)))
  (if (i32.eqz (local.get $slot)) (then (return (i32.const 0))))
  (i32.store (local.get $slot) (local.get $piece))
  (i32.const 1))

;; s.split(): the runs of code points that are not whitespace ($spaces: the isspace table).
(func $str.split_ws (param $s i32) (param $spaces i32) (result i32)
  (local $l i32) (local $i i32) (local $next i32) (local $start i32) (local $n i32) (local $in i32)
  (local.set $l (call $list.alloc (i32.const 0) (i32.const 4)))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (local.set $n (i32.load (local.get $s)))
  (block $done (loop $next_cp
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $next (call $str.next (local.get $s) (local.get $i)))
    (if (call $cp.in_table (call $str.cp_at (local.get $s) (local.get $i) (local.get $next))
                           (local.get $spaces))
      (then
        (if (local.get $in)
          (then
            (if (i32.eqz (call $list.push_piece (local.get $l) (local.get $s) (local.get $start)
                                                (local.get $i)))
              (then (return (i32.const 0))))
            (local.set $in (i32.const 0)))))
      (else
        (if (i32.eqz (local.get $in))
          (then (local.set $start (local.get $i)) (local.set $in (i32.const 1))))))
    (local.set $i (local.get $next))
    (br $next_cp)))
  (if (local.get $in)
    (then (if (i32.eqz (call $list.push_piece (local.get $l) (local.get $s) (local.get $start)
                                              (local.get $n)))
            (then (return (i32.const 0))))))
  (local.get $l))

;; s.split(sep) of a non-empty sep (the caller raised ValueError for an empty one): the pieces
;; between its occurrences, left to right.
(func $str.split_on (param $s i32) (param $sep i32) (result i32)
  (local $l i32) (local $i i32) (local $start i32) (local $n i32) (local $m i32) (local $k i32)
  (local.set $l (call $list.alloc (i32.const 0) (i32.const 4)))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (local.set $n (i32.load (local.get $s)))
  (local.set $m (i32.load (local.get $sep)))
  (block $done (loop $at
    (br_if $done (i32.gt_u (i32.add (local.get $i) (local.get $m)) (local.get $n)))
    (local.set $k (i32.const 0))
    (block $differs (loop $byte
      (if (i32.ge_u (local.get $k) (local.get $m))
        (then
          (if (i32.eqz (call $list.push_piece (local.get $l) (local.get $s) (local.get $start)
                                              (local.get $i)))
            (then (return (i32.const 0))))
          (local.set $i (i32.add (local.get $i) (local.get $m)))
          (local.set $start (local.get $i))
          (br $at)))
      (br_if $differs (i32.ne
        (i32.load8_u offset=4 (i32.add (local.get $s) (i32.add (local.get $i) (local.get $k))))
        (i32.load8_u offset=4 (i32.add (local.get $sep) (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $byte)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $at)))
  (if (i32.eqz (call $list.push_piece (local.get $l) (local.get $s) (local.get $start) (local.get $n)))
    (then (return (i32.const 0))))
  (local.get $l))

;; The start of the code point before byte $i of s (0 < i).
(func $str.prev (param $s i32) (param $i i32) (result i32)
  (block $done (loop $back
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $done (i32.eqz (local.get $i)))
    (br_if $back (i32.eq (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i)))
                                  (i32.const 0xc0)) (i32.const 0x80)))))
  (local.get $i))

;; Whether the capital sigma at bytes [i, next) of s is final (CPython's handle_capital_sigma):
;; a cased code point before it (case-ignorable ones skipped), and none after it.
(func $str.final_sigma (param $s i32) (param $i i32) (param $next i32) (param $ignorable i32)
                       (param $cased i32) (result i32)
  (local $j i32) (local $k i32) (local $cp i32) (local $n i32)
  (local.set $j (local.get $i))
  (block $found (loop $back
    (if (i32.eqz (local.get $j)) (then (return (i32.const 0))))
    (local.set $k (call $str.prev (local.get $s) (local.get $j)))
    (local.set $cp (call $str.cp_at (local.get $s) (local.get $k) (local.get $j)))
    (local.set $j (local.get $k))
    (br_if $back (call $cp.in_table (local.get $cp) (local.get $ignorable)))))
  (if (i32.eqz (call $cp.in_table (local.get $cp) (local.get $cased))) (then (return (i32.const 0))))
  (local.set $n (i32.load (local.get $s)))
  (local.set $j (local.get $next))
  (block $found (loop $forward
    (if (i32.ge_u (local.get $j) (local.get $n)) (then (return (i32.const 1))))
    (local.set $k (call $str.next (local.get $s) (local.get $j)))
    (local.set $cp (call $str.cp_at (local.get $s) (local.get $j) (local.get $k)))
    (local.set $j (local.get $k))
    (br_if $forward (call $cp.in_table (local.get $cp) (local.get $ignorable)))))
  (i32.eqz (call $cp.in_table (local.get $cp) (local.get $cased))))

;; s.lower() ($lower 1) or s.upper(): ASCII by arithmetic, the rest from $table
;; (support/chartables.py case_table), a capital sigma by its context. An ASCII prefix the
;; mapping leaves as it is is copied as it is; when that is all of s, s itself is the result
;; (a str cannot change, so no caller can tell it from a copy).
(func $str.case (param $s i32) (param $table i32) (param $lower i32) (param $ignorable i32)
                (param $cased i32) (result i32)
  (local $n i32) (local $r i32) (local $out i32) (local $i i32) (local $next i32) (local $b i32)
  (local $cp i32) (local $packed i64) (local $len i32) (local $first i32)
  (local.set $n (i32.load (local.get $s)))
  (local.set $first (select (i32.const 65) (i32.const 97) (local.get $lower)))  ;; A or a
  (block $changes (loop $same
    (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (local.get $s))))
    (local.set $b (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))))
    (br_if $changes (i32.ge_u (local.get $b) (i32.const 0x80)))
    (br_if $changes (i32.lt_u (i32.sub (local.get $b) (local.get $first)) (i32.const 26)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $same)))
  (local.set $r (call $alloc.malloc (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 4))))
  (if (i32.eqz (local.get $r))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (call $str.copy (i32.add (local.get $r) (i32.const 4)) (i32.add (local.get $s) (i32.const 4))
                  (local.get $i))
  (local.set $out (i32.add (i32.add (local.get $r) (i32.const 4)) (local.get $i)))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $b (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))))
    (if (i32.lt_u (local.get $b) (i32.const 0x80))
      (then
        (if (local.get $lower)
          (then (if (i32.lt_u (i32.sub (local.get $b) (i32.const 65)) (i32.const 26))
                  (then (local.set $b (i32.add (local.get $b) (i32.const 32))))))
          (else (if (i32.lt_u (i32.sub (local.get $b) (i32.const 97)) (i32.const 26))
                  (then (local.set $b (i32.sub (local.get $b) (i32.const 32)))))))
        (i32.store8 (local.get $out) (local.get $b))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.set $next (call $str.next (local.get $s) (local.get $i)))
    (local.set $cp (call $str.cp_at (local.get $s) (local.get $i) (local.get $next)))
    (if (i32.and (local.get $lower) (i32.eq (local.get $cp) (i32.const 0x3a3)))
      (then
        ;; σ is CF 83, final ς CF 82
        (i32.store8 (local.get $out) (i32.const 0xcf))
        (i32.store8 offset=1 (local.get $out)
          (select (i32.const 0x82) (i32.const 0x83)
            (call $str.final_sigma (local.get $s) (local.get $i) (local.get $next)
                                   (local.get $ignorable) (local.get $cased))))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (local.set $i (local.get $next))
        (br $each)))
    (local.set $packed (call $case.lookup (local.get $cp) (local.get $table)))
    (local.set $len (i32.wrap_i64 (i64.shr_u (local.get $packed) (i64.const 56))))
    (if (local.get $len)
      (then  ;; 8 bytes stored: the block has room (3 bytes a byte of s, 4 spare)
        (i64.store (local.get $out) (local.get $packed))
        (local.set $out (i32.add (local.get $out) (local.get $len)))))
    (if (i32.eqz (local.get $len))
      (then
        (memory.copy (local.get $out) (i32.add (i32.add (local.get $s) (i32.const 4)) (local.get $i))
                     (i32.sub (local.get $next) (local.get $i)))
        (local.set $out (i32.add (local.get $out) (i32.sub (local.get $next) (local.get $i))))))
    (local.set $i (local.get $next))
    (br $each)))
  (i32.store (local.get $r) (i32.sub (local.get $out) (i32.add (local.get $r) (i32.const 4))))
  (local.get $r))

;; The mapping of code point $cp in a case table (support/chartables.py case_table): its UTF-8
;; bytes | their number << 56, or 0 when the table leaves it as it is.
(func $case.lookup (param $cp i32) (param $table i32) (result i64)
  (local $lo i32) (local $hi i32) (local $mid i32) (local $run i64) (local $k i32) (local $stride i32)
  (local $pairs i32)
  ;; the last run starting at or before cp
  (local.set $hi (i32.wrap_i64 (i64.load (local.get $table))))
  (block $searched (loop $halve
    (br_if $searched (i32.ge_u (local.get $lo) (local.get $hi)))
    (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
    (if (i64.le_u (i64.shr_u (i64.load offset=8 (i32.add (local.get $table) (i32.shl (local.get $mid) (i32.const 3))))
                             (i64.const 40))
                  (i64.extend_i32_u (local.get $cp)))
      (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
      (else (local.set $hi (local.get $mid))))
    (br $halve)))
  (if (local.get $lo)
    (then
      (local.set $run (i64.load (i32.add (local.get $table) (i32.shl (local.get $lo) (i32.const 3)))))
      (local.set $k (i32.sub (local.get $cp) (i32.wrap_i64 (i64.shr_u (local.get $run) (i64.const 40)))))
      (local.set $stride (i32.add (i32.wrap_i64 (i64.and (i64.shr_u (local.get $run) (i64.const 27)) (i64.const 1)))
                                  (i32.const 1)))
      (if (i32.and (i32.eqz (i32.rem_u (local.get $k) (local.get $stride)))
                   (i32.le_u (i32.div_u (local.get $k) (local.get $stride))
                             (i32.wrap_i64 (i64.and (i64.shr_u (local.get $run) (i64.const 28)) (i64.const 0xfff)))))
        (then (return (call $utf8.packed
          (i32.add (local.get $cp) (i32.sub (i32.wrap_i64 (i64.and (local.get $run) (i64.const 0x7ffffff)))
                                            (i32.const 0x4000000)))))))))
  ;; the other mappings: (code point, packed bytes) pairs after the runs, by binary search
  (local.set $pairs (i32.add (local.get $table)
                             (i32.shl (i32.add (i32.wrap_i64 (i64.load (local.get $table))) (i32.const 1))
                                      (i32.const 3))))
  (local.set $lo (i32.const 0))
  (local.set $hi (i32.wrap_i64 (i64.load (local.get $pairs))))
  (block $searched (loop $halve
    (br_if $searched (i32.ge_u (local.get $lo) (local.get $hi)))
    (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
    (if (i64.lt_u (i64.load offset=8 (i32.add (local.get $pairs) (i32.shl (local.get $mid) (i32.const 4))))
                  (i64.extend_i32_u (local.get $cp)))
      (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
      (else (local.set $hi (local.get $mid))))
    (br $halve)))
  (if (i32.lt_u (local.get $lo) (i32.wrap_i64 (i64.load (local.get $pairs))))
    (then
      (if (i64.eq (i64.load offset=8 (i32.add (local.get $pairs) (i32.shl (local.get $lo) (i32.const 4))))
                  (i64.extend_i32_u (local.get $cp)))
        (then (return (i64.load offset=16 (i32.add (local.get $pairs) (i32.shl (local.get $lo) (i32.const 4)))))))))
  (i64.const 0))

;; Code point $cp's UTF-8 bytes (little-endian) | their number << 56.
(func $utf8.packed (param $cp i32) (result i64)
  (local $cont i64)
  (if (i32.lt_u (local.get $cp) (i32.const 0x80))
    (then (return (i64.or (i64.extend_i32_u (local.get $cp)) (i64.const 0x0100000000000000)))))
  (if (i32.lt_u (local.get $cp) (i32.const 0x800))
    (then (return (i64.or (i64.const 0x0200000000000000) (i64.extend_i32_u
      (i32.or (i32.or (i32.const 0xc0) (i32.shr_u (local.get $cp) (i32.const 6)))
              (i32.shl (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3f))) (i32.const 8))))))))
  (local.set $cont (i64.extend_i32_u
    (i32.or (i32.shl (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 6)) (i32.const 0x3f)))
                     (i32.const 8))
            (i32.shl (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3f))) (i32.const 16)))))
  (if (i32.lt_u (local.get $cp) (i32.const 0x10000))
    (then (return (i64.or (i64.or (i64.const 0x0300000000000000) (local.get $cont))
                          (i64.extend_i32_u (i32.or (i32.const 0xe0) (i32.shr_u (local.get $cp) (i32.const 12))))))))
  (i64.or (i64.or (i64.const 0x0400000000000000) (i64.shl (local.get $cont) (i64.const 8)))
          (i64.extend_i32_u
            (i32.or (i32.or (i32.const 0xf0) (i32.shr_u (local.get $cp) (i32.const 18)))
                    (i32.shl (i32.or (i32.const 0x80) (i32.and (i32.shr_u (local.get $cp) (i32.const 12)) (i32.const 0x3f)))
                             (i32.const 8))))))

;; xs.pop() ($given 0) / xs.pop(i): the item's 8 bytes, the items after it moved down;
;; IndexError as CPython (an empty list first, then the index).
(func $list.pop (param $l i32) (param $i i64) (param $given i32) (result i64)
  (local $n i32) (local $at i32) (local $bits i64)
  (local.set $n (i32.load (local.get $l)))
  (if (i32.eqz (local.get $n))
    (then (global.set $exc (global.get $err.pop_empty)) (return (i64.const 0))))
  (if (i32.eqz (local.get $given)) (then (local.set $i (i64.const -1))))
  (if (i64.lt_s (local.get $i) (i64.const 0))
    (then (local.set $i (i64.add (local.get $i) (i64.extend_i32_u (local.get $n))))))
  (if (i32.or (i64.lt_s (local.get $i) (i64.const 0)) (i64.ge_s (local.get $i) (i64.extend_i32_u (local.get $n))))
    (then (global.set $exc (global.get $err.pop_index)) (return (i64.const 0))))
  (local.set $at (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 3))))
  (local.set $bits (i64.load (local.get $at)))
  (memory.copy (local.get $at) (i32.add (local.get $at) (i32.const 8))
               (i32.shl (i32.sub (i32.sub (local.get $n) (i32.wrap_i64 (local.get $i))) (i32.const 1))
                        (i32.const 3)))
  (i32.store (local.get $l) (i32.sub (local.get $n) (i32.const 1)))
  (local.get $bits))

;; xs.insert(i, x): the index clamped to [0, len] as CPython (a negative one from the end).
(func $list.insert (param $l i32) (param $i i64) (param $bits i64)
  (local $n i32) (local $at i32)
  (local.set $n (i32.load (local.get $l)))
  (if (i64.lt_s (local.get $i) (i64.const 0))
    (then (local.set $i (i64.add (local.get $i) (i64.extend_i32_u (local.get $n))))
          (if (i64.lt_s (local.get $i) (i64.const 0)) (then (local.set $i (i64.const 0))))))
  (if (i64.gt_s (local.get $i) (i64.extend_i32_u (local.get $n)))
    (then (local.set $i (i64.extend_i32_u (local.get $n)))))
  (if (i32.eqz (call $list.push (local.get $l))) (then (return)))
  (local.set $at (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 3))))
  (memory.copy (i32.add (local.get $at) (i32.const 8)) (local.get $at)
               (i32.shl (i32.sub (local.get $n) (i32.wrap_i64 (local.get $i))) (i32.const 3)))
  (i64.store (local.get $at) (local.get $bits)))

;; How many items equal the 8 bytes $bits ($item.eq by kind).
(func $list.count (param $bits i64) (param $l i32) (param $kind i32) (result i64)
  (local $p i32) (local $end i32) (local $count i64)
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (if (call $item.eq (local.get $p) (local.get $bits) (local.get $kind))
      (then (local.set $count (i64.add (local.get $count) (i64.const 1)))))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $next)))
  (local.get $count))

;; xs.reverse(), in place.
(func $list.reverse (param $l i32)
  (local $a i32) (local $b i32) (local $t i64)
  (if (i32.lt_u (i32.load (local.get $l)) (i32.const 2)) (then (return)))  ;; (no items block)
  (local.set $a (i32.load offset=8 (local.get $l)))
  (local.set $b (i32.add (local.get $a) (i32.shl (i32.load (local.get $l)) (i32.const 3))))
  (block $done (loop $next
    (local.set $b (i32.sub (local.get $b) (i32.const 8)))
    (br_if $done (i32.ge_u (local.get $a) (local.get $b)))
    (local.set $t (i64.load (local.get $a)))
    (i64.store (local.get $a) (i64.load (local.get $b)))
    (i64.store (local.get $b) (local.get $t))
    (local.set $a (i32.add (local.get $a) (i32.const 8)))
    (br $next))))

;; s * n: n copies (none for n <= 0); MemoryError when too long for the heap.
(func $str.repeat (param $s i32) (param $n i64) (result i32)
  (local $len i32) (local $r i32) (local $at i32) (local $k i32) (local $total i64)
  (local.set $len (i32.load (local.get $s)))
  (if (i64.lt_s (local.get $n) (i64.const 0)) (then (local.set $n (i64.const 0))))
  (local.set $total (i64.mul (i64.extend_i32_u (local.get $len))
    (select (local.get $n) (i64.const 0) (i64.lt_u (local.get $n) (i64.const 0x80000000)))))
  (if (i32.or (i64.gt_u (local.get $total) (i64.const 0x7ffffff0))
              (i32.and (i64.ge_u (local.get $n) (i64.const 0x80000000)) (i32.ne (local.get $len) (i32.const 0))))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $r (call $alloc.malloc (i32.add (i32.wrap_i64 (local.get $total)) (i32.const 4))))
  (if (i32.eqz (local.get $r))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $r) (i32.wrap_i64 (local.get $total)))
  (local.set $at (i32.add (local.get $r) (i32.const 4)))
  (if (i32.eqz (local.get $len)) (then (return (local.get $r))))
  (block $done (loop $copy
    (br_if $done (i64.ge_u (i64.extend_i32_u (local.get $k)) (local.get $n)))
    (memory.copy (local.get $at) (i32.add (local.get $s) (i32.const 4)) (local.get $len))
    (local.set $at (i32.add (local.get $at) (local.get $len)))
    (local.set $k (i32.add (local.get $k) (i32.const 1)))
    (br $copy)))
  (local.get $r))

;; The byte offset of the first occurrence of sub in s at or after byte $from, or -1.
(func $str.find_from (param $s i32) (param $sub i32) (param $from i32) (result i32)
  (local $n i32) (local $m i32) (local $i i32) (local $k i32)
  (local.set $n (i32.load (local.get $s)))
  (local.set $m (i32.load (local.get $sub)))
  (local.set $i (local.get $from))
  (block $none (loop $at
    (br_if $none (i32.gt_u (i32.add (local.get $i) (local.get $m)) (local.get $n)))
    (local.set $k (i32.const 0))
    (block $differs (loop $byte
      (if (i32.ge_u (local.get $k) (local.get $m)) (then (return (local.get $i))))
      (br_if $differs (i32.ne
        (i32.load8_u offset=4 (i32.add (local.get $s) (i32.add (local.get $i) (local.get $k))))
        (i32.load8_u offset=4 (i32.add (local.get $sub) (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $byte)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $at)))
  (i32.const -1))

;; s.find(sub): the code point index of the first occurrence, or -1.
(func $str.find (param $s i32) (param $sub i32) (result i64)
  (local $at i32) (local $i i32) (local $count i64)
  (local.set $at (call $str.find_from (local.get $s) (local.get $sub) (i32.const 0)))
  (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i64.const -1))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $at)))
    (local.set $count (i64.add (local.get $count) (i64.extend_i32_u
      (i32.ne (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))) (i32.const 0xc0))
              (i32.const 0x80)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $count))

;; s.count(sub): non-overlapping occurrences, left to right; an empty sub: len(s) + 1.
(func $str.count (param $s i32) (param $sub i32) (result i64)
  (local $at i32) (local $count i64) (local $m i32)
  (local.set $m (i32.load (local.get $sub)))
  (if (i32.eqz (local.get $m)) (then (return (i64.add (call $str.len (local.get $s)) (i64.const 1)))))
  (block $done (loop $next
    (local.set $at (call $str.find_from (local.get $s) (local.get $sub) (local.get $at)))
    (br_if $done (i32.lt_s (local.get $at) (i32.const 0)))
    (local.set $count (i64.add (local.get $count) (i64.const 1)))
    (local.set $at (i32.add (local.get $at) (local.get $m)))
    (br $next)))
  (local.get $count))

;; s.replace(old, new): every non-overlapping occurrence, left to right; an empty old puts
;; new before each code point and at the end, as CPython.
(func $str.replace (param $s i32) (param $old i32) (param $new i32) (result i32)
  (local $n i32) (local $m i32) (local $k i32) (local $count i32) (local $r i32) (local $out i32)
  (local $i i32) (local $at i32) (local $size i64)
  (local.set $n (i32.load (local.get $s)))
  (local.set $m (i32.load (local.get $old)))
  (local.set $k (i32.load (local.get $new)))
  (local.set $count (i32.wrap_i64 (call $str.count (local.get $s) (local.get $old))))
  (local.set $size (i64.add (i64.extend_i32_u (local.get $n))
    (i64.mul (i64.extend_i32_u (local.get $count))
             (i64.sub (i64.extend_i32_u (local.get $k)) (i64.extend_i32_u (local.get $m))))))
  (if (i64.gt_u (local.get $size) (i64.const 0x7ffffff0))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $r (call $alloc.malloc (i32.add (i32.wrap_i64 (local.get $size)) (i32.const 4))))
  (if (i32.eqz (local.get $r))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $r) (i32.wrap_i64 (local.get $size)))
  (local.set $out (i32.add (local.get $r) (i32.const 4)))
  (block $done (loop $next
    (if (i32.eqz (local.get $m))
      (then  ;; before each code point, and once at the end
        (memory.copy (local.get $out) (i32.add (local.get $new) (i32.const 4)) (local.get $k))
        (local.set $out (i32.add (local.get $out) (local.get $k)))
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (call $str.next (local.get $s) (local.get $i)))
        (memory.copy (local.get $out) (i32.add (i32.add (local.get $s) (i32.const 4)) (local.get $i))
                     (i32.sub (local.get $at) (local.get $i)))
        (local.set $out (i32.add (local.get $out) (i32.sub (local.get $at) (local.get $i))))
        (local.set $i (local.get $at))
        (br $next)))
    (local.set $at (call $str.find_from (local.get $s) (local.get $old) (local.get $i)))
    (if (i32.lt_s (local.get $at) (i32.const 0)) (then (local.set $at (local.get $n))))
    (memory.copy (local.get $out) (i32.add (i32.add (local.get $s) (i32.const 4)) (local.get $i))
                 (i32.sub (local.get $at) (local.get $i)))
    (local.set $out (i32.add (local.get $out) (i32.sub (local.get $at) (local.get $i))))
    (br_if $done (i32.ge_u (local.get $at) (local.get $n)))
    (memory.copy (local.get $out) (i32.add (local.get $new) (i32.const 4)) (local.get $k))
    (local.set $out (i32.add (local.get $out) (local.get $k)))
    (local.set $i (i32.add (local.get $at) (local.get $m)))
    (br $next)))
  (local.get $r))
