;; list[int | float | bool]: the address of a header [length: i32][capacity: i32][items: i32];
;; items are 8 bytes each (i64, f64, or an i32 for bool), in a separate heap block so the list
;; can grow; a packed list of bools (transform/packing.py) has one-byte items. Functions that allocate set MemoryError and return 0 when the heap cannot grow.

(func $list.alloc (param $len i32) (param $cap i32) (result i32)
  (local $l i32) (local $items i32)
  (if (i32.gt_u (local.get $cap) (i32.const 0x0fffffff))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $l (call $alloc.malloc (i32.const 12)))
  (if (local.get $cap)
    (then (local.set $items (call $alloc.malloc (i32.shl (local.get $cap) (i32.const 3))))))
  (if (i32.or (i32.eqz (local.get $l)) (i32.and (i32.ne (local.get $cap) (i32.const 0))
                                                 (i32.eqz (local.get $items))))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $l) (local.get $len))
  (i32.store offset=4 (local.get $l) (local.get $cap))
  (i32.store offset=8 (local.get $l) (local.get $items))
  (local.get $l))

;; A packed list of bools (one-byte items, transform/packing.py) with room for at least $cap
;; items: the items block of an 8-byte-item list an eighth as long.
(func $list.alloc_bytes (param $len i32) (param $cap i32) (result i32)
  (local $l i32)
  (local.set $cap (i32.and (i32.add (local.get $cap) (i32.const 7)) (i32.const -8)))
  (local.set $l (call $list.alloc (local.get $len) (i32.shr_u (local.get $cap) (i32.const 3))))
  (if (local.get $l) (then (i32.store offset=4 (local.get $l) (local.get $cap))))
  (local.get $l))

;; [x] * n: n copies of the 8 bytes $bits (a negative n gives an empty list).
(func $list.repeat (param $bits i64) (param $n i64) (result i32)
  (local $l i32) (local $p i32) (local $end i32)
  (if (i64.lt_s (local.get $n) (i64.const 0)) (then (local.set $n (i64.const 0))))
  (if (i64.gt_u (local.get $n) (i64.const 0x0fffffff))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $l (call $list.alloc (i32.wrap_i64 (local.get $n)) (i32.wrap_i64 (local.get $n))))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (local.set $p (i32.load offset=8 (local.get $l)))
  (local.set $end (i32.add (local.get $p) (i32.shl (i32.wrap_i64 (local.get $n)) (i32.const 3))))
  (block $done (loop $fill
    (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
    (i64.store (local.get $p) (local.get $bits))
    (local.set $p (i32.add (local.get $p) (i32.const 8)))
    (br $fill)))
  (local.get $l))

;; append: the address of a new last slot, the items doubled when full.
(func $list.push (param $l i32) (result i32)
  (call $list.push_sized (local.get $l) (i32.const 3)))

;; append to a list of items 1 << $shift bytes each.
(func $list.push_sized (param $l i32) (param $shift i32) (result i32)
  (local $len i32) (local $cap i32) (local $items i32)
  (local.set $len (i32.load (local.get $l)))
  (local.set $cap (i32.load offset=4 (local.get $l)))
  (if (i32.eq (local.get $len) (local.get $cap))
    (then
      (local.set $cap (select (i32.shl (local.get $cap) (i32.const 1)) (i32.const 4) (local.get $cap)))
      (if (i32.gt_u (local.get $cap) (i32.const 0x0fffffff))
        (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
      (local.set $items (call $alloc.malloc (i32.shl (local.get $cap) (local.get $shift))))
      (if (i32.eqz (local.get $items))
        (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
      (memory.copy (local.get $items) (i32.load offset=8 (local.get $l))
                   (i32.shl (local.get $len) (local.get $shift)))
      (call $alloc.free (i32.load offset=8 (local.get $l)))
      (i32.store offset=4 (local.get $l) (local.get $cap))
      (i32.store offset=8 (local.get $l) (local.get $items))))
  (i32.store (local.get $l) (i32.add (local.get $len) (i32.const 1)))
  (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $len) (local.get $shift))))

;; [b] * n of a packed list of bools, one byte each (a negative n gives an empty list).
(func $list.repeat_bytes (param $byte i32) (param $n i64) (result i32)
  (local $l i32)
  (if (i64.lt_s (local.get $n) (i64.const 0)) (then (local.set $n (i64.const 0))))
  (if (i64.gt_u (local.get $n) (i64.const 0x7ffffff8))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $l (call $list.alloc_bytes (i32.wrap_i64 (local.get $n)) (i32.wrap_i64 (local.get $n))))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (memory.fill (i32.load offset=8 (local.get $l)) (local.get $byte) (i32.wrap_i64 (local.get $n)))
  (local.get $l))

;; A list<s64> or list<f64> the host passed in: its buffer (from cabi_realloc, so a heap block)
;; becomes the items as it is. An empty one has no block (the pointer is a dummy).
(func $list.adopt (param $ptr i32) (param $len i32) (result i32)
  (local $l i32)
  (local.set $l (call $alloc.malloc (i32.const 12)))
  (if (i32.eqz (local.get $l)) (then unreachable))
  (i32.store (local.get $l) (local.get $len))
  (i32.store offset=4 (local.get $l) (local.get $len))
  (i32.store offset=8 (local.get $l) (select (local.get $ptr) (i32.const 0) (local.get $len)))
  (local.get $l))

;; A list<bool> the host passed in (one byte each) as a list of 8-byte items.
(func $list.from_bytes (param $ptr i32) (param $len i32) (result i32)
  (local $l i32) (local $i i32)
  (local.set $l (call $list.alloc (local.get $len) (local.get $len)))
  (if (i32.eqz (local.get $l)) (then unreachable))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
    (i64.store (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3)))
               (i64.extend_i32_u (i32.ne (i32.load8_u (i32.add (local.get $ptr) (local.get $i)))
                                         (i32.const 0))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $l))

;; A list of bools as the one-byte-per-item buffer the ABI returns (0 when empty). Out of memory
;; traps: the ok result is already being written, too late to raise MemoryError.
(func $list.to_bytes (param $l i32) (result i32)
  (local $len i32) (local $out i32) (local $i i32)
  (local.set $len (i32.load (local.get $l)))
  (if (i32.eqz (local.get $len)) (then (return (i32.const 0))))
  (local.set $out (call $alloc.malloc (local.get $len)))
  (if (i32.eqz (local.get $out)) (then unreachable))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
    (i32.store8 (i32.add (local.get $out) (local.get $i))
                (i32.load (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  (local.get $out))
