;; str: the address of an immutable object [byte length: i32][UTF-8 bytes]. Literals live in
;; static data, the others on the heap. UTF-8 byte order is code point order, so comparisons
;; work on bytes; len() counts the bytes that do not continue a code point.

;; A str object from the (pointer, length) buffer the host passed in (copied: the object needs
;; its length in front). Running out of memory here traps, as in cabi_realloc.
(func $str.from_abi (param $ptr i32) (param $len i32) (result i32)
  (local $s i32)
  (local.set $s (call $alloc.malloc (i32.add (local.get $len) (i32.const 4))))
  (if (i32.eqz (local.get $s)) (then unreachable))
  (i32.store (local.get $s) (local.get $len))
  (memory.copy (i32.add (local.get $s) (i32.const 4)) (local.get $ptr) (local.get $len))
  (local.get $s))

(func $str.len (param $s i32) (result i64)
  (local $i i32) (local $end i32) (local $count i32)
  (local.set $i (i32.add (local.get $s) (i32.const 4)))
  (local.set $end (i32.add (local.get $i) (i32.load (local.get $s))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (local.set $count (i32.add (local.get $count)
      (i32.ne (i32.and (i32.load8_u (local.get $i)) (i32.const 0xc0)) (i32.const 0x80))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (i64.extend_i32_u (local.get $count)))

;; -1, 0 or 1: the byte-wise (so code point) order of two strings; 8 bytes at a time, the
;; first differing byte of a word found by its lowest set bit of x ^ y (little-endian).
(func $str.cmp (param $a i32) (param $b i32) (result i32)
  (local $la i32) (local $lb i32) (local $n i32) (local $i i32) (local $x i32) (local $y i32)
  (local $wx i64) (local $wy i64) (local $shift i64)
  (local.set $la (i32.load (local.get $a)))
  (local.set $lb (i32.load (local.get $b)))
  (local.set $n (select (local.get $la) (local.get $lb) (i32.lt_u (local.get $la) (local.get $lb))))
  (block $done (loop $words
    (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
    (local.set $wx (i64.load offset=4 align=1 (i32.add (local.get $a) (local.get $i))))
    (local.set $wy (i64.load offset=4 align=1 (i32.add (local.get $b) (local.get $i))))
    (if (i64.ne (local.get $wx) (local.get $wy))
      (then
        (local.set $shift (i64.and (i64.ctz (i64.xor (local.get $wx) (local.get $wy))) (i64.const 56)))
        (return (select (i32.const -1) (i32.const 1)
          (i64.lt_u (i64.and (i64.shr_u (local.get $wx) (local.get $shift)) (i64.const 0xff))
                    (i64.and (i64.shr_u (local.get $wy) (local.get $shift)) (i64.const 0xff)))))))
    (local.set $i (i32.add (local.get $i) (i32.const 8)))
    (br $words)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $x (i32.load8_u offset=4 (i32.add (local.get $a) (local.get $i))))
    (local.set $y (i32.load8_u offset=4 (i32.add (local.get $b) (local.get $i))))
    (if (i32.ne (local.get $x) (local.get $y))
      (then (return (select (i32.const -1) (i32.const 1) (i32.lt_u (local.get $x) (local.get $y))))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (i32.sub (i32.gt_u (local.get $la) (local.get $lb)) (i32.lt_u (local.get $la) (local.get $lb))))

;; a == b: the same object, or the same length and bytes; those compared as whole words, the
;; last word overlapping the one before (as $str.copy moves them): no byte loop, whose exit
;; the varying lengths of words would mispredict.
(func $str.eq (param $a i32) (param $b i32) (result i32)
  (local $n i32) (local $i i32) (local $k i32)
  (if (i32.eq (local.get $a) (local.get $b)) (then (return (i32.const 1))))
  (local.set $n (i32.load (local.get $a)))
  (if (i32.ne (local.get $n) (i32.load (local.get $b))) (then (return (i32.const 0))))
  (if (i32.ge_u (local.get $n) (i32.const 8))
    (then
      (local.set $k (i32.sub (local.get $n) (i32.const 8)))
      (block $done (loop $words  ;; all but the last word
        (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
        (if (i64.ne (i64.load offset=4 align=1 (i32.add (local.get $a) (local.get $i)))
                    (i64.load offset=4 align=1 (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $words)))
      (return (i64.eq (i64.load offset=4 align=1 (i32.add (local.get $a) (local.get $k)))
                      (i64.load offset=4 align=1 (i32.add (local.get $b) (local.get $k)))))))
  (if (i32.ge_u (local.get $n) (i32.const 4))
    (then
      (local.set $k (i32.sub (local.get $n) (i32.const 4)))
      (return (i32.and
        (i32.eq (i32.load offset=4 align=1 (local.get $a)) (i32.load offset=4 align=1 (local.get $b)))
        (i32.eq (i32.load offset=4 align=1 (i32.add (local.get $a) (local.get $k)))
                (i32.load offset=4 align=1 (i32.add (local.get $b) (local.get $k))))))))
  (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
  (local.set $k (i32.shr_u (local.get $n) (i32.const 1)))  ;; 1-3 bytes: first, middle, last
  (local.set $i (i32.sub (local.get $n) (i32.const 1)))
  (i32.and (i32.and
    (i32.eq (i32.load8_u offset=4 (local.get $a)) (i32.load8_u offset=4 (local.get $b)))
    (i32.eq (i32.load8_u offset=4 (i32.add (local.get $a) (local.get $k)))
            (i32.load8_u offset=4 (i32.add (local.get $b) (local.get $k)))))
    (i32.eq (i32.load8_u offset=4 (i32.add (local.get $a) (local.get $i)))
            (i32.load8_u offset=4 (i32.add (local.get $b) (local.get $i))))))

;; a + b, a new heap object; MemoryError when the heap cannot grow.
(func $str.concat (param $a i32) (param $b i32) (result i32)
  (local $la i32) (local $lb i32) (local $s i32)
  (local.set $la (i32.load (local.get $a)))
  (local.set $lb (i32.load (local.get $b)))
  (local.set $s (call $alloc.malloc (i32.add (i32.add (local.get $la) (local.get $lb)) (i32.const 4))))
  (if (i32.eqz (local.get $s))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $s) (i32.add (local.get $la) (local.get $lb)))
  (call $str.copy (i32.add (local.get $s) (i32.const 4)) (i32.add (local.get $a) (i32.const 4))
                  (local.get $la))
  (call $str.copy (i32.add (i32.add (local.get $s) (i32.const 4)) (local.get $la))
                  (i32.add (local.get $b) (i32.const 4)) (local.get $lb))
  (local.get $s))

;; Copy $n bytes to a block that does not overlap them. The engine runs memory.copy out of
;; line (a call into its runtime), which costs more than moving a short str's few bytes; those
;; move as two overlapping words sized by $n (1-3 bytes: first, middle and last), as C
;; libraries' memcpy does: no loop, no write past dst + n, one branch per size range.
(func $str.copy (param $dst i32) (param $src i32) (param $n i32)
  (local $k i32)
  (if (i32.gt_u (local.get $n) (i32.const 16))
    (then (memory.copy (local.get $dst) (local.get $src) (local.get $n)) (return)))
  (if (i32.ge_u (local.get $n) (i32.const 8))
    (then
      (local.set $k (i32.sub (local.get $n) (i32.const 8)))
      (i64.store align=1 (local.get $dst) (i64.load align=1 (local.get $src)))
      (i64.store align=1 (i32.add (local.get $dst) (local.get $k))
                         (i64.load align=1 (i32.add (local.get $src) (local.get $k))))
      (return)))
  (if (i32.ge_u (local.get $n) (i32.const 4))
    (then
      (local.set $k (i32.sub (local.get $n) (i32.const 4)))
      (i32.store align=1 (local.get $dst) (i32.load align=1 (local.get $src)))
      (i32.store align=1 (i32.add (local.get $dst) (local.get $k))
                         (i32.load align=1 (i32.add (local.get $src) (local.get $k))))
      (return)))
  (if (local.get $n)
    (then
      (local.set $k (i32.shr_u (local.get $n) (i32.const 1)))
      (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
      (i32.store8 (i32.add (local.get $dst) (local.get $k))
                  (i32.load8_u (i32.add (local.get $src) (local.get $k))))
      (local.set $k (i32.sub (local.get $n) (i32.const 1)))
      (i32.store8 (i32.add (local.get $dst) (local.get $k))
                  (i32.load8_u (i32.add (local.get $src) (local.get $k)))))))

;; needle in haystack: a naive byte search (valid UTF-8 cannot match inside a code point).
(func $str.contains (param $hay i32) (param $needle i32) (result i32)
  (local $n i32) (local $m i32) (local $i i32) (local $j i32)
  (local.set $n (i32.load (local.get $hay)))
  (local.set $m (i32.load (local.get $needle)))
  (if (i32.gt_u (local.get $m) (local.get $n)) (then (return (i32.const 0))))
  (block $none (loop $start
    (br_if $none (i32.gt_u (local.get $i) (i32.sub (local.get $n) (local.get $m))))
    (local.set $j (i32.const 0))
    (block $mismatch (loop $compare
      (if (i32.ge_u (local.get $j) (local.get $m)) (then (return (i32.const 1))))
      (br_if $mismatch
        (i32.ne (i32.load8_u offset=4 (i32.add (local.get $hay) (i32.add (local.get $i) (local.get $j))))
                (i32.load8_u offset=4 (i32.add (local.get $needle) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $compare)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $start)))
  (i32.const 0))

;; The byte offset (from the first byte) of code point $index (0 <= index <= len).
(func $str.offset (param $s i32) (param $index i32) (result i32)
  (local $i i32) (local $end i32) (local $seen i32)
  (local.set $end (i32.load (local.get $s)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (if (i32.ne (i32.and (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $i))) (i32.const 0xc0))
                (i32.const 0x80))
      (then
        (br_if $done (i32.eq (local.get $seen) (local.get $index)))
        (local.set $seen (i32.add (local.get $seen) (i32.const 1)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $i))

;; A new str of the bytes [from, to) of $s; MemoryError when the heap cannot grow.
(func $str.bytes (param $s i32) (param $from i32) (param $to i32) (result i32)
  (local $r i32) (local $n i32)
  (local.set $n (i32.sub (local.get $to) (local.get $from)))
  (local.set $r (call $alloc.malloc (i32.add (local.get $n) (i32.const 4))))
  (if (i32.eqz (local.get $r))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $r) (local.get $n))
  (call $str.copy (i32.add (local.get $r) (i32.const 4))
                  (i32.add (i32.add (local.get $s) (i32.const 4)) (local.get $from)) (local.get $n))
  (local.get $r))

;; s[i]: one code point; a negative index counts from the end; IndexError as CPython.
(func $str.index (param $s i32) (param $i i64) (result i32)
  (local $n i64) (local $from i32)
  (local.set $n (call $str.len (local.get $s)))
  (if (i64.lt_s (local.get $i) (i64.const 0)) (then (local.set $i (i64.add (local.get $i) (local.get $n)))))
  (if (i32.or (i64.lt_s (local.get $i) (i64.const 0)) (i64.ge_s (local.get $i) (local.get $n)))
    (then (global.set $exc (global.get $err.str_index)) (return (i32.const 0))))
  (local.set $from (call $str.offset (local.get $s) (i32.wrap_i64 (local.get $i))))
  (call $str.char (local.get $s) (local.get $from)
        (call $str.offset (local.get $s) (i32.add (i32.wrap_i64 (local.get $i)) (i32.const 1)))))

;; The str of code point $cp < 256 (U+0000..U+00FF): a static object, no allocation (CPython
;; caches these one-character strings too). Its bytes are written at each use, so the 2 KB
;; area ($str.latin1: 8 bytes a code point, codegen/module.py) costs nothing in the module.
(func $str.latin1 (param $cp i32) (result i32)
  (local $r i32)
  (local.set $r (i32.add (global.get $str.latin1) (i32.shl (local.get $cp) (i32.const 3))))
  (if (i32.lt_u (local.get $cp) (i32.const 0x80))
    (then
      (i32.store (local.get $r) (i32.const 1))
      (i32.store8 offset=4 (local.get $r) (local.get $cp)))
    (else  ;; two bytes: C2/C3, then the low 6 bits
      (i32.store (local.get $r) (i32.const 2))
      (i32.store16 offset=4 (local.get $r)
        (i32.or (i32.or (i32.const 0xc0) (i32.shr_u (local.get $cp) (i32.const 6)))
                (i32.shl (i32.or (i32.const 0x80) (i32.and (local.get $cp) (i32.const 0x3f)))
                         (i32.const 8))))))
  (local.get $r))

;; The one-code-point str starting at byte $at of $s (codegen/ops.py's for ch in s, past ASCII).
(func $str.char_from (param $s i32) (param $at i32) (result i32)
  (call $str.char (local.get $s) (local.get $at) (call $str.next (local.get $s) (local.get $at))))

;; The one-code-point str of bytes [from, to) of $s: static below U+0100 ($str.latin1), else a
;; new one; MemoryError when the heap cannot grow.
(func $str.char (param $s i32) (param $from i32) (param $to i32) (result i32)
  (local $b i32)
  (local.set $b (i32.load8_u offset=4 (i32.add (local.get $s) (local.get $from))))
  (if (i32.lt_u (local.get $b) (i32.const 0x80)) (then (return (call $str.latin1 (local.get $b)))))
  (if (i32.lt_u (i32.sub (local.get $b) (i32.const 0xc2)) (i32.const 2))
    (then (return (call $str.latin1 (i32.or (i32.shl (i32.and (local.get $b) (i32.const 0x1f)) (i32.const 6))
      (i32.and (i32.load8_u offset=5 (i32.add (local.get $s) (local.get $from))) (i32.const 0x3f)))))))
  (call $str.bytes (local.get $s) (local.get $from) (local.get $to)))

;; s[start:stop] (support/sequence.wat clamps the bounds as CPython; the step is 1): the bytes
;; between two code point offsets.
(func $str.slice (param $s i32) (param $a i64) (param $b i64) (param $step i64) (param $omitted i64)
                 (result i32)
  (local $first i64) (local $count i64)
  (call $slice.adjust (local.get $a) (local.get $b) (local.get $step) (call $str.len (local.get $s))
                      (local.get $omitted))
  (local.set $count)
  (local.set $first)
  (if (global.get $exc) (then (return (i32.const 0))))
  (call $str.bytes (local.get $s) (call $str.offset (local.get $s) (i32.wrap_i64 (local.get $first)))
        (call $str.offset (local.get $s) (i32.wrap_i64 (i64.add (local.get $first) (local.get $count))))))

;; str(n) for an int: decimal digits, written backwards into a 20-byte scratch area first.
(func $int.to_str (param $v i64) (result i32)
  (local $pos i32) (local $negative i32) (local $u i64) (local $scratch i32)
  (local.set $scratch (i32.add (global.get $scratch) (i32.const 4)))
  (local.set $negative (i64.lt_s (local.get $v) (i64.const 0)))
  ;; the magnitude as unsigned: |MIN| = 2**63 fits
  (local.set $u (select (i64.sub (i64.const 0) (local.get $v)) (local.get $v) (local.get $negative)))
  (local.set $pos (i32.const 20))
  (loop $digit
    (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
    (i32.store8 (i32.add (local.get $scratch) (local.get $pos))
                (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $u) (i64.const 10)))))
    (local.set $u (i64.div_u (local.get $u) (i64.const 10)))
    (br_if $digit (i64.ne (local.get $u) (i64.const 0))))
  (if (local.get $negative)
    (then
      (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
      (i32.store8 (i32.add (local.get $scratch) (local.get $pos)) (i32.const 45))))
  ;; $scratch is a 24-byte static str object: [length 20][20 digit bytes]
  (i32.store (i32.sub (local.get $scratch) (i32.const 4)) (i32.const 20))
  (call $str.bytes (i32.sub (local.get $scratch) (i32.const 4)) (local.get $pos) (i32.const 20)))

;; The math library's text primitives (mathlib.py's _code_point, _chr, _byte_slice): byte
;; offsets into the UTF-8, no bounds checks (the library passes offsets it found itself).

;; The code point whose UTF-8 starts at byte $at of $s.
(func $str.code_point (param $s i32) (param $at i64) (result i64)
  (local $p i32) (local $b i32) (local $c i32) (local $more i32)
  (local.set $p (i32.add (i32.add (local.get $s) (i32.const 4)) (i32.wrap_i64 (local.get $at))))
  (local.set $b (i32.load8_u (local.get $p)))
  (if (i32.lt_u (local.get $b) (i32.const 0x80)) (then (return (i64.extend_i32_u (local.get $b)))))
  (if (i32.lt_u (local.get $b) (i32.const 0xe0))
    (then (local.set $c (i32.and (local.get $b) (i32.const 0x1f))) (local.set $more (i32.const 1)))
    (else (if (i32.lt_u (local.get $b) (i32.const 0xf0))
      (then (local.set $c (i32.and (local.get $b) (i32.const 0x0f))) (local.set $more (i32.const 2)))
      (else (local.set $c (i32.and (local.get $b) (i32.const 0x07))) (local.set $more (i32.const 3))))))
  (loop $next
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (local.set $c (i32.or (i32.shl (local.get $c) (i32.const 6))
                          (i32.and (i32.load8_u (local.get $p)) (i32.const 0x3f))))
    (local.set $more (i32.sub (local.get $more) (i32.const 1)))
    (br_if $next (local.get $more)))
  (i64.extend_i32_u (local.get $c)))

;; The str of the one code point $c (0 <= c < 0x110000): static below 256 ($str.latin1), else
;; new; MemoryError when the heap cannot grow.
(func $str.chr (param $c i64) (result i32)
  (local $r i32) (local $n i32) (local $v i32) (local $i i32)
  (local.set $v (i32.wrap_i64 (local.get $c)))
  (if (i32.lt_u (local.get $v) (i32.const 0x100)) (then (return (call $str.latin1 (local.get $v)))))
  (local.set $n (select (i32.const 1) (select (i32.const 2) (select (i32.const 3) (i32.const 4)
    (i32.lt_u (local.get $v) (i32.const 0x10000))) (i32.lt_u (local.get $v) (i32.const 0x800)))
    (i32.lt_u (local.get $v) (i32.const 0x80))))
  (local.set $r (call $alloc.malloc (i32.add (local.get $n) (i32.const 4))))
  (if (i32.eqz (local.get $r))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $r) (local.get $n))
  (if (i32.eq (local.get $n) (i32.const 1))
    (then (i32.store8 offset=4 (local.get $r) (local.get $v)) (return (local.get $r))))
  ;; continuation bytes from the last, 6 bits each; the lead byte's marker by the length
  (local.set $i (local.get $n))
  (block $done (loop $next
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $done (i32.eqz (local.get $i)))
    (i32.store8 offset=4 (i32.add (local.get $r) (local.get $i))
                (i32.or (i32.const 0x80) (i32.and (local.get $v) (i32.const 0x3f))))
    (local.set $v (i32.shr_u (local.get $v) (i32.const 6)))
    (br $next)))
  (i32.store8 offset=4 (local.get $r)
    (i32.or (local.get $v) (i32.and (i32.const 0xf0) (i32.shl (i32.const 0xf0) (i32.sub (i32.const 4) (local.get $n))))))
  (local.get $r))

;; A new str of the bytes [$from, $to) of $s (offsets at code point starts).
(func $str.byte_slice (param $s i32) (param $from i64) (param $to i64) (result i32)
  (call $str.bytes (local.get $s) (i32.wrap_i64 (local.get $from)) (i32.wrap_i64 (local.get $to))))

;; A WIT string is UTF-8, which cannot hold a lone surrogate (chr(0xD800) is stored as its
;; 3-byte WTF-8, 0xED then 0xA0..0xBF): an export's str result holding one raises $template
;; (the TypeError componentize-py components raise) with $prefix and the surrogate's index, as
;; the host would otherwise trap lifting it. The message is $prefix, the index, then $suffix.
(func $str.refuse_surrogate (param $s i32) (param $prefix i32) (param $suffix i32)
  (param $template i32)
  (local $i i32) (local $end i32) (local $count i64) (local $b i32) (local $message i32)
  (local.set $i (i32.add (local.get $s) (i32.const 4)))
  (local.set $end (i32.add (local.get $i) (i32.load (local.get $s))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (local.set $b (i32.load8_u (local.get $i)))
    (if (i32.and (i32.eq (local.get $b) (i32.const 0xed))
                 (i32.ge_u (i32.load8_u offset=1 (local.get $i)) (i32.const 0xa0)))
      (then
        (local.set $message (call $int.to_str (local.get $count)))
        (if (local.get $message)
          (then (local.set $message (call $str.concat (local.get $prefix) (local.get $message)))))
        (if (local.get $message)
          (then (local.set $message (call $str.concat (local.get $message) (local.get $suffix)))))
        (if (local.get $message)
          (then (call $exc.raise_str (local.get $message) (local.get $template))))
        (return)))
    (local.set $count (i64.add (local.get $count)
      (i64.extend_i32_u (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next))))
