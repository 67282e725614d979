;; The heap allocator: power-of-two size classes with free lists, so freed memory is reused and
;; a long-lived instance that allocates and frees in a loop stays at a bounded size.
;;
;; Class c holds blocks of 2^(c+4) bytes, 8-byte header included; the header's first word holds
;; c, so free() needs no size (its second word is free: a bytes argument's length goes there,
;; support/bytes.wat). A free block links to the next free block of its class through its first
;; payload word; the list heads are 28 i32 words at $alloc.lists. New blocks come from the top
;; of the heap ($alloc.top), growing the memory when needed. Payloads are 8-aligned (the
;; canonical ABI's largest alignment).

;; A payload of at least $size bytes, or 0 when the memory cannot grow enough.
(func $alloc.malloc (param $size i32) (result i32)
  (local $class i32) (local $head i32) (local $block i32) (local $end i32) (local $pages i32)
  (if (i32.gt_u (local.get $size) (i32.const 0x7ffffff0)) (then (return (i32.const 0))))
  ;; the class: the smallest c with 2^(c+4) >= size + 8
  (local.set $class (select (i32.sub (i32.sub (i32.const 32)
                                              (i32.clz (i32.add (local.get $size) (i32.const 7))))
                                     (i32.const 4))
                            (i32.const 0)
                            (i32.gt_u (local.get $size) (i32.const 8))))
  (local.set $head (i32.add (global.get $alloc.lists) (i32.shl (local.get $class) (i32.const 2))))
  (local.set $block (i32.load (local.get $head)))
  (if (local.get $block)
    (then (i32.store (local.get $head) (i32.load offset=8 (local.get $block))))
    (else
      (local.set $block (global.get $alloc.top))
      (local.set $end (i32.add (local.get $block)
                               (i32.shl (i32.const 16) (local.get $class))))
      (if (i32.lt_u (local.get $end) (local.get $block)) (then (return (i32.const 0))))
      ;; pages needed to hold [0, end), rounded up
      (local.set $pages (i32.add (i32.shr_u (local.get $end) (i32.const 16))
                                 (i32.ne (i32.and (local.get $end) (i32.const 0xffff)) (i32.const 0))))
      (if (i32.gt_u (local.get $pages) (memory.size))
        (then
          (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
            (then (return (i32.const 0))))))
      (global.set $alloc.top (local.get $end))))
  (i32.store (local.get $block) (local.get $class))
  (i32.add (local.get $block) (i32.const 8)))

;; A block at or above $alloc.floor belongs to a loop iteration's region (transform/regions.py):
;; the iteration's release reclaims it with everything else allocated since its mark, so it
;; must not also go on a free list.
(func $alloc.free (param $ptr i32)
  (local $head i32)
  (if (i32.eqz (local.get $ptr)) (then (return)))
  (if (i32.ge_u (local.get $ptr) (global.get $alloc.floor)) (then (return)))
  (local.set $head (i32.add (global.get $alloc.lists)
                            (i32.shl (i32.load offset=0 (i32.sub (local.get $ptr) (i32.const 8)))
                                     (i32.const 2))))
  (i32.store (local.get $ptr) (i32.load (local.get $head)))
  (i32.store (local.get $head) (i32.sub (local.get $ptr) (i32.const 8))))

;; The canonical ABI's realloc (the host allocates strings and lists it passes in with it).
;; Size 0 gives a valid dangling pointer (empty strings and lists), and frees $old. Running
;; out of memory here traps: the host is still lowering arguments, no guest code runs that
;; could raise MemoryError.
(func $alloc.realloc (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
                     (result i32)
  (local $new i32)
  (if (i32.eqz (local.get $size))
    (then (call $alloc.free (local.get $old)) (return (local.get $align))))
  (if (local.get $old)
    (then
      ;; still fits its block: keep it
      (if (i32.le_u (i32.add (local.get $size) (i32.const 8))
                    (i32.shl (i32.const 16)
                             (i32.load (i32.sub (local.get $old) (i32.const 8)))))
        (then (return (local.get $old))))))
  (local.set $new (call $alloc.malloc (local.get $size)))
  (if (i32.eqz (local.get $new)) (then unreachable))
  (if (local.get $old)
    (then
      (memory.copy (local.get $new) (local.get $old)
                   (select (local.get $old_size) (local.get $size)
                           (i32.lt_u (local.get $old_size) (local.get $size))))
      (call $alloc.free (local.get $old))))
  (local.get $new))

;; Free the whole heap at once: the post-return step of every export (see abi.py).
(func $alloc.reset
  (global.set $alloc.top (global.get $alloc.base))
  (global.set $alloc.floor (i32.const -1))
  (memory.fill (global.get $alloc.lists) (i32.const 0) (i32.const 112)))

;; A tuple's or dataclass's block of $size bytes; MemoryError when the heap cannot grow.
(func $struct.alloc (param $size i32) (result i32)
  (local $p i32)
  (local.set $p (call $alloc.malloc (local.get $size)))
  (if (i32.eqz (local.get $p)) (then (global.set $exc (global.get $err.out_of_memory))))
  (local.get $p))

;; A block for a tuple or dataclass argument the host passed in; traps when memory is exhausted
;; (as cabi_realloc: the export has not started).
(func $struct.from_abi (param $size i32) (result i32)
  (local $p i32)
  (local.set $p (call $alloc.malloc (local.get $size)))
  (if (i32.eqz (local.get $p)) (then unreachable))
  (local.get $p))
