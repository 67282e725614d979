;; bytes: the layout of a str object, [byte length: i32][bytes], holding any bytes. What is the
;; same for both (==, <, +, len, truth) uses the str functions; these are what differs.

;; b[i]: the byte as an int; a negative index counts from the end; IndexError as CPython.
(func $bytes.index (param $b i32) (param $i i64) (result i64)
  (local $n i64)
  (local.set $n (i64.extend_i32_u (i32.load (local.get $b))))
  (if (i64.lt_s (local.get $i) (i64.const 0)) (then (local.set $i (i64.add (local.get $i) (local.get $n)))))
  (if (i32.or (i64.lt_s (local.get $i) (i64.const 0)) (i64.ge_s (local.get $i) (local.get $n)))
    (then (global.set $exc (global.get $err.bytes_index)) (return (i64.const 0))))
  (i64.load8_u offset=4 (i32.add (local.get $b) (i32.wrap_i64 (local.get $i)))))

;; b[start:stop:step] (support/sequence.wat clamps the bounds as CPython): one copy for step 1,
;; else byte by byte.
(func $bytes.slice (param $b i32) (param $a i64) (param $z i64) (param $step i64) (param $omitted i64)
                   (result i32)
  (local $first i64) (local $count i64) (local $s i32) (local $k i64) (local $at i64)
  (call $slice.adjust (local.get $a) (local.get $z) (local.get $step)
                      (i64.extend_i32_u (i32.load (local.get $b))) (local.get $omitted))
  (local.set $count)
  (local.set $first)
  (if (global.get $exc) (then (return (i32.const 0))))
  (if (i64.eq (local.get $step) (i64.const 1))
    (then (return (call $str.bytes (local.get $b) (i32.wrap_i64 (local.get $first))
                        (i32.wrap_i64 (i64.add (local.get $first) (local.get $count)))))))
  (local.set $s (call $alloc.malloc (i32.add (i32.wrap_i64 (local.get $count)) (i32.const 4))))
  (if (i32.eqz (local.get $s))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $s) (i32.wrap_i64 (local.get $count)))
  (local.set $at (local.get $first))
  (block $done (loop $next
    (br_if $done (i64.ge_u (local.get $k) (local.get $count)))
    (i32.store8 offset=4 (i32.add (local.get $s) (i32.wrap_i64 (local.get $k)))
                (i32.load8_u offset=4 (i32.add (local.get $b) (i32.wrap_i64 (local.get $at)))))
    (local.set $at (i64.add (local.get $at) (local.get $step)))
    (local.set $k (i64.add (local.get $k) (i64.const 1)))
    (br $next)))
  (local.get $s))

;; bytes(n): n zero bytes; ValueError "negative count" as CPython.
(func $bytes.zeros (param $n i64) (result i32)
  (local $s i32)
  (if (i64.lt_s (local.get $n) (i64.const 0))
    (then (global.set $exc (global.get $err.negative_count)) (return (i32.const 0))))
  (if (i64.gt_u (local.get $n) (i64.const 0x7ffffff0))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $s (call $alloc.malloc (i32.add (i32.wrap_i64 (local.get $n)) (i32.const 4))))
  (if (i32.eqz (local.get $s))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $s) (i32.wrap_i64 (local.get $n)))
  (memory.fill (i32.add (local.get $s) (i32.const 4)) (i32.const 0) (i32.wrap_i64 (local.get $n)))
  (local.get $s))

;; The bytes as a list of ints: what `for x in b` walks (a bytes object cannot change meanwhile).
(func $bytes.items (param $b i32) (result i32)
  (local $n i32) (local $l i32) (local $items i32) (local $i i32)
  (local.set $n (i32.load (local.get $b)))
  (local.set $l (call $list.alloc (local.get $n) (local.get $n)))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (local.set $items (i32.load offset=8 (local.get $l)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (i64.store (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 3)))
               (i64.load8_u offset=4 (i32.add (local.get $b) (local.get $i))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $l))

;; A bytes argument: the host's buffer becomes the object in place, no copy. The canonical ABI
;; gives the guest the buffer it allocated with cabi_realloc, and a heap block's header has an
;; unused second word (support/alloc.wat) just before the payload: the byte length goes there.
;; Anything else (an empty list's dangling pointer, a buffer outside the heap) is copied. (str
;; and bytes objects are never freed one by one, only with the whole heap, so an object that
;; starts inside a block's header is safe.)
(func $bytes.from_abi (param $ptr i32) (param $len i32) (result i32)
  (if (i32.and (i32.and (i32.ne (local.get $len) (i32.const 0))
                        (i32.ge_u (local.get $ptr) (i32.add (global.get $alloc.base) (i32.const 8))))
               (i32.eqz (i32.and (local.get $ptr) (i32.const 7))))
    (then
      (i32.store (i32.sub (local.get $ptr) (i32.const 4)) (local.get $len))
      (return (i32.sub (local.get $ptr) (i32.const 4)))))
  (call $str.from_abi (local.get $ptr) (local.get $len)))
