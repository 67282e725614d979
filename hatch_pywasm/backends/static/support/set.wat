;; set[T] as CPython 3.11's set (Objects/setobject.c), so that iterating one, popping from it
;; and every operation that builds one visit and place items as CPython does: for ints, bools
;; and tuples of them (CPython's hashes, which are deterministic) the order is CPython's; a str's
;; or an enum member's hash is this backend's own (CPython's changes with every process).
;;
;; A set is a block [used: i32][fill: i32][mask: i32][finger: i32][table: i32]: the number of
;; items, of slots ever filled (items and dummies), the table's size - 1, where pop() looks
;; first, and the table: mask + 1 entries of 16 bytes [~hash: i64][key: i64], open addressing
;; probing 10 neighbours then jumping by the hash's perturbation, as CPython. A real hash is
;; never -1, so ~hash is 0 only for an entry holding no item: key 0 a free one, key 1 a dummy
;; (an item removed; lookups go past it). Keys are passed as their 8 bytes and a kind, as in
;; support/dict.wat ($key.bits, $key.eq).

;; CPython's hash of a key: an int's value modulo 2**61 - 1 with its sign (-1 becomes -2), a
;; float's as an exact rational (_Py_HashDouble), a bool's 0 or 1, a tuple's xxHash of its
;; items' hashes (tuplehash); an enum member by its number, a str by support/dict.wat's hash,
;; a NaN as 0 (all three random in CPython).
(func $set.hash (param $bits i64) (param $kind i32) (result i64)
  (local $h i64) (local $fields i32) (local $i i32) (local $s i32) (local $field i32)
  (local.set $bits (call $key.bits (local.get $bits) (local.get $kind)))
  (if (i32.eq (local.get $kind) (i32.const 1)) (then (return (call $set.hash_float (local.get $bits)))))
  (if (i32.eqz (local.get $kind))
    (then
      (local.set $h (i64.rem_u (if (result i64) (i64.lt_s (local.get $bits) (i64.const 0))
                                 (then (i64.sub (i64.const 0) (local.get $bits)))
                                 (else (local.get $bits)))
                               (i64.const 0x1fffffffffffffff)))
      (if (i64.lt_s (local.get $bits) (i64.const 0))
        (then (local.set $h (i64.sub (i64.const 0) (local.get $h)))))
      (return (select (i64.const -2) (local.get $h) (i64.eq (local.get $h) (i64.const -1))))))
  (if (i32.eq (local.get $kind) (i32.const 2)) (then (return (local.get $bits))))
  (if (i32.eq (local.get $kind) (i32.const 3))
    (then (return (i64.extend_i32_u (call $key.hash (local.get $bits) (local.get $kind))))))
  (local.set $s (i32.wrap_i64 (local.get $bits)))
  (local.set $fields (i32.wrap_i64 (i64.load (local.get $kind))))
  (local.set $h (i64.const 0x27d4eb2f165667c5))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $fields)))
    (local.set $field (i32.shl (local.get $i) (i32.const 3)))
    (local.set $h (i64.add (local.get $h)
                           (i64.mul (call $set.hash (i64.load (i32.add (local.get $s) (local.get $field)))
                                                    (i32.wrap_i64 (i64.load offset=8 (i32.add (local.get $kind) (local.get $field)))))
                                    (i64.const 0xc2b2ae3d27d4eb4f))))
    (local.set $h (i64.mul (i64.rotl (local.get $h) (i64.const 31)) (i64.const 0x9e3779b185ebca87)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (local.set $h (i64.add (local.get $h) (i64.xor (i64.extend_i32_u (local.get $fields))
                                                 (i64.const 0x27d4eb2f1663b4b6))))
  (select (i64.const 1546275796) (local.get $h) (i64.eq (local.get $h) (i64.const -1))))

;; _Py_HashDouble: a finite float is m * 2**e (m its 53-bit significand), so modulo 2**61 - 1
;; (where 2**61 is 1) its hash is m rotated left by e mod 61 within 61 bits, with the sign;
;; infinities are +-314159.
(func $set.hash_float (param $bits i64) (result i64)
  (local $m i64) (local $e i32) (local $x i64)
  (local.set $e (i32.wrap_i64 (i64.and (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 0x7ff))))
  (local.set $m (i64.and (local.get $bits) (i64.const 0xfffffffffffff)))
  (if (i32.eq (local.get $e) (i32.const 0x7ff))
    (then
      (if (i64.ne (local.get $m) (i64.const 0)) (then (return (i64.const 0))))
      (return (select (i64.const -314159) (i64.const 314159) (i64.lt_s (local.get $bits) (i64.const 0))))))
  (if (local.get $e)
    (then (local.set $m (i64.or (local.get $m) (i64.const 0x10000000000000))))
    (else (local.set $e (i32.const 1))))
  (local.set $e (i32.rem_s (i32.sub (local.get $e) (i32.const 1075)) (i32.const 61)))
  (if (i32.lt_s (local.get $e) (i32.const 0)) (then (local.set $e (i32.add (local.get $e) (i32.const 61)))))
  (local.set $x (i64.or (i64.and (i64.shl (local.get $m) (i64.extend_i32_u (local.get $e)))
                                 (i64.const 0x1fffffffffffffff))
                        (i64.shr_u (local.get $m) (i64.extend_i32_u (i32.sub (i32.const 61) (local.get $e))))))
  (if (i64.lt_s (local.get $bits) (i64.const 0)) (then (local.set $x (i64.sub (i64.const 0) (local.get $x)))))
  (select (i64.const -2) (local.get $x) (i64.eq (local.get $x) (i64.const -1))))

;; A zeroed table of $slots entries, or 0 with MemoryError set.
(func $set.table (param $slots i32) (result i32)
  (local $t i32)
  (local.set $t (call $alloc.malloc (i32.shl (local.get $slots) (i32.const 4))))
  (if (i32.eqz (local.get $t))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (memory.fill (local.get $t) (i32.const 0) (i32.shl (local.get $slots) (i32.const 4)))
  (local.get $t))

;; A new empty set (8 slots, CPython's PySet_MINSIZE), or 0 with MemoryError set.
(func $set.new (result i32)
  (local $s i32) (local $t i32)
  (local.set $s (call $alloc.malloc (i32.const 20)))
  (if (i32.eqz (local.get $s))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $t (call $set.table (i32.const 8)))
  (if (i32.eqz (local.get $t)) (then (return (i32.const 0))))
  (i64.store (local.get $s) (i64.const 0))
  (i64.store offset=8 (local.get $s) (i64.const 7))
  (i32.store offset=16 (local.get $s) (local.get $t))
  (local.get $s))

(func $set.len (param $s i32) (result i64)
  (i64.extend_i32_u (i32.load (local.get $s))))

;; The entry of $s holding key $bits (hash $h), or the free entry its probe sequence reaches
;; (set_lookkey); with $reuse, the last dummy on the way if there is one (set_add_entry).
(func $set.probe (param $s i32) (param $bits i64) (param $h i64) (param $kind i32)
                 (param $reuse i32) (result i32)
  (local $mask i64) (local $i i64) (local $perturb i64) (local $probes i32) (local $e i32)
  (local $stored i64) (local $dummy i32)
  (local.set $mask (i64.extend_i32_u (i32.load offset=8 (local.get $s))))
  (local.set $i (i64.and (local.get $h) (local.get $mask)))
  (local.set $perturb (local.get $h))
  (loop $jump
    (local.set $e (i32.add (i32.load offset=16 (local.get $s)) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 4))))
    (local.set $probes (select (i32.const 9) (i32.const 0)
                               (i64.le_u (i64.add (local.get $i) (i64.const 9)) (local.get $mask))))
    (loop $linear
      (local.set $stored (i64.load (local.get $e)))
      (if (i64.eqz (local.get $stored))
        (then
          (if (i64.eqz (i64.load offset=8 (local.get $e)))
            (then (return (select (local.get $dummy) (local.get $e)
                                  (i32.and (local.get $reuse) (i32.ne (local.get $dummy) (i32.const 0)))))))
          (local.set $dummy (local.get $e)))
        (else
          (if (i64.eq (local.get $stored) (i64.xor (local.get $h) (i64.const -1)))
            (then
              (if (call $key.eq (i64.load offset=8 (local.get $e)) (local.get $bits) (local.get $kind))
                (then (return (local.get $e))))))))
      (local.set $e (i32.add (local.get $e) (i32.const 16)))
      (if (local.get $probes)
        (then (local.set $probes (i32.sub (local.get $probes) (i32.const 1))) (br $linear))))
    (local.set $perturb (i64.shr_u (local.get $perturb) (i64.const 5)))
    (local.set $i (i64.and (i64.add (i64.add (i64.mul (local.get $i) (i64.const 5)) (i64.const 1))
                                    (local.get $perturb))
                           (local.get $mask)))
    (br $jump))
  (unreachable))

;; Whether key $bits is in $s (the operands in the order of `x in s`).
(func $set.contains (param $bits i64) (param $s i32) (param $kind i32) (result i32)
  (i64.ne (i64.load (call $set.probe (local.get $s) (local.get $bits)
                                     (call $set.hash (local.get $bits) (local.get $kind))
                                     (local.get $kind) (i32.const 0)))
          (i64.const 0)))

;; Place the entry $entry, whose key is absent, into a table with no dummies (so an entry
;; with ~hash 0 is free): set_insert_clean.
(func $set.insert_clean (param $t i32) (param $mask i64) (param $entry i32)
  (local $i i64) (local $perturb i64) (local $e i32) (local $j i32)
  (local.set $perturb (i64.xor (i64.load (local.get $entry)) (i64.const -1)))
  (local.set $i (i64.and (local.get $perturb) (local.get $mask)))
  (block $found (loop $jump
    (local.set $e (i32.add (local.get $t) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 4))))
    (br_if $found (i64.eqz (i64.load (local.get $e))))
    (if (i64.le_u (i64.add (local.get $i) (i64.const 9)) (local.get $mask))
      (then
        (local.set $j (i32.const 0))
        (loop $linear
          (local.set $e (i32.add (local.get $e) (i32.const 16)))
          (br_if $found (i64.eqz (i64.load (local.get $e))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $linear (i32.lt_u (local.get $j) (i32.const 9))))))
    (local.set $perturb (i64.shr_u (local.get $perturb) (i64.const 5)))
    (local.set $i (i64.and (i64.add (i64.add (i64.mul (local.get $i) (i64.const 5)) (i64.const 1))
                                    (local.get $perturb))
                           (local.get $mask)))
    (br $jump)))
  (i64.store (local.get $e) (i64.load (local.get $entry)))
  (i64.store offset=8 (local.get $e) (i64.load offset=8 (local.get $entry))))

;; Whether entry $e holds an item.
(func $set.live (param $e i32) (result i32)
  (i64.ne (i64.load (local.get $e)) (i64.const 0)))

;; The table rebuilt with the smallest power-of-two size above $minused (at least 8), its items
;; placed again in table order, the dummies dropped (set_table_resize). MemoryError leaves it.
(func $set.resize (param $s i32) (param $minused i32)
  (local $size i32) (local $old i32) (local $oldsize i32) (local $new i32) (local $e i32)
  (local.set $size (i32.const 8))
  (block $done (loop $double
    (br_if $done (i32.gt_u (local.get $size) (local.get $minused)))
    (local.set $size (i32.shl (local.get $size) (i32.const 1)))
    (br $double)))
  (local.set $old (i32.load offset=16 (local.get $s)))
  (local.set $oldsize (i32.add (i32.load offset=8 (local.get $s)) (i32.const 1)))
  ;; an 8-slot table with no dummies stays as it is
  (if (i32.and (i32.eq (local.get $size) (i32.const 8))
               (i32.and (i32.eq (local.get $oldsize) (i32.const 8))
                        (i32.eq (i32.load (local.get $s)) (i32.load offset=4 (local.get $s)))))
    (then (return)))
  (local.set $new (call $set.table (local.get $size)))
  (if (i32.eqz (local.get $new)) (then (return)))
  (local.set $e (local.get $old))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (i32.add (local.get $old) (i32.shl (local.get $oldsize) (i32.const 4)))))
    (if (call $set.live (local.get $e))
      (then (call $set.insert_clean (local.get $new) (i64.extend_i32_u (i32.sub (local.get $size) (i32.const 1)))
                                    (local.get $e))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each)))
  (call $alloc.free (local.get $old))
  (i32.store offset=4 (local.get $s) (i32.load (local.get $s)))
  (i32.store offset=8 (local.get $s) (i32.sub (local.get $size) (i32.const 1)))
  (i32.store offset=16 (local.get $s) (local.get $new)))

;; Add key $bits of hash $h (set_add_entry): into the last dummy of its probe sequence or the
;; free entry ending it, and a table more than 3/5 filled grows to hold 4 times the items.
(func $set.add_hashed (param $s i32) (param $bits i64) (param $h i64) (param $kind i32)
  (local $e i32) (local $used i32)
  (local.set $e (call $set.probe (local.get $s) (local.get $bits) (local.get $h) (local.get $kind)
                                 (i32.const 1)))
  (if (call $set.live (local.get $e)) (then (return)))
  (local.set $used (i32.add (i32.load (local.get $s)) (i32.const 1)))
  (i32.store (local.get $s) (local.get $used))
  (if (i64.eq (i64.load offset=8 (local.get $e)) (i64.const 1))  ;; a dummy reused
    (then
      (i64.store (local.get $e) (i64.xor (local.get $h) (i64.const -1)))
      (i64.store offset=8 (local.get $e) (local.get $bits))
      (return)))
  (i64.store (local.get $e) (i64.xor (local.get $h) (i64.const -1)))
  (i64.store offset=8 (local.get $e) (local.get $bits))
  (i32.store offset=4 (local.get $s) (i32.add (i32.load offset=4 (local.get $s)) (i32.const 1)))
  (if (i32.ge_u (i32.mul (i32.load offset=4 (local.get $s)) (i32.const 5))
                (i32.mul (i32.load offset=8 (local.get $s)) (i32.const 3)))
    (then (call $set.resize (local.get $s)
                            (i32.mul (local.get $used)
                                     (select (i32.const 2) (i32.const 4) (i32.gt_u (local.get $used) (i32.const 50000))))))))

;; s.add(x)
(func $set.add (param $s i32) (param $bits i64) (param $kind i32)
  (local.set $bits (call $key.bits (local.get $bits) (local.get $kind)))
  (call $set.add_hashed (local.get $s) (local.get $bits)
                        (call $set.hash (local.get $bits) (local.get $kind)) (local.get $kind)))

;; Remove key $bits of hash $h, leaving a dummy; whether it was there (set_discard_entry).
(func $set.discard_hashed (param $s i32) (param $bits i64) (param $h i64) (param $kind i32) (result i32)
  (local $e i32)
  (local.set $e (call $set.probe (local.get $s) (local.get $bits) (local.get $h) (local.get $kind)
                                 (i32.const 0)))
  (if (i32.eqz (call $set.live (local.get $e))) (then (return (i32.const 0))))
  (i64.store (local.get $e) (i64.const 0))
  (i64.store offset=8 (local.get $e) (i64.const 1))
  (i32.store (local.get $s) (i32.sub (i32.load (local.get $s)) (i32.const 1)))
  (i32.const 1))

;; s.discard(x); whether x was there (s.remove(x) raises KeyError(x) when not).
(func $set.discard (param $s i32) (param $bits i64) (param $kind i32) (result i32)
  (local.set $bits (call $key.bits (local.get $bits) (local.get $kind)))
  (call $set.discard_hashed (local.get $s) (local.get $bits)
                            (call $set.hash (local.get $bits) (local.get $kind)) (local.get $kind)))

;; The index of the first entry of $s at or after $i that holds an item, or the table's size
;; (iterating: set_next; a loop reads the table afresh at each step, as CPython's iterator).
(func $set.next (param $s i32) (param $i i64) (result i64)
  (local $size i64)
  (local.set $size (i64.extend_i32_u (i32.add (i32.load offset=8 (local.get $s)) (i32.const 1))))
  (block $done (loop $scan
    (br_if $done (i64.ge_u (local.get $i) (local.get $size)))
    (br_if $done (call $set.live (i32.add (i32.load offset=16 (local.get $s))
                                          (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 4)))))
    (local.set $i (i64.add (local.get $i) (i64.const 1)))
    (br $scan)))
  (local.get $i))

;; The table's size (a loop over $s ends when set.next reaches it).
(func $set.size (param $s i32) (result i64)
  (i64.extend_i32_u (i32.add (i32.load offset=8 (local.get $s)) (i32.const 1))))

;; The key in entry $i of $s.
(func $set.key (param $s i32) (param $i i64) (result i64)
  (i64.load offset=8 (i32.add (i32.load offset=16 (local.get $s)) (i32.shl (i32.wrap_i64 (local.get $i)) (i32.const 4)))))

;; s.pop() of a set with items (the caller raises KeyError on an empty one): the first item
;; from the finger on, cyclically; the finger moves past it.
(func $set.pop (param $s i32) (result i64)
  (local $i i32) (local $mask i32) (local $e i32) (local $key i64)
  (local.set $mask (i32.load offset=8 (local.get $s)))
  (local.set $i (i32.and (i32.load offset=12 (local.get $s)) (local.get $mask)))
  (loop $scan
    (local.set $e (i32.add (i32.load offset=16 (local.get $s)) (i32.shl (local.get $i) (i32.const 4))))
    (if (i32.eqz (call $set.live (local.get $e)))
      (then
        (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1)) (local.get $mask)))
        (br $scan))))
  (local.set $key (i64.load offset=8 (local.get $e)))
  (i64.store (local.get $e) (i64.const 0))
  (i64.store offset=8 (local.get $e) (i64.const 1))
  (i32.store (local.get $s) (i32.sub (i32.load (local.get $s)) (i32.const 1)))
  (i32.store offset=12 (local.get $s) (i32.add (local.get $i) (i32.const 1)))
  (local.get $key))

;; s.clear(): an empty 8-slot table (the finger stays, as CPython's).
(func $set.clear (param $s i32)
  (local $t i32)
  (local.set $t (call $set.table (i32.const 8)))
  (if (i32.eqz (local.get $t)) (then (return)))
  (call $alloc.free (i32.load offset=16 (local.get $s)))
  (i64.store (local.get $s) (i64.const 0))
  (i32.store offset=8 (local.get $s) (i32.const 7))
  (i32.store offset=16 (local.get $s) (local.get $t)))

;; s |= o, s.update(o) with o a set (set_merge): one resize first when needed; into an empty
;; table of o's size with no dummies in o, o's entries where they are; into an empty one, each
;; placed clean; else each added, all in o's table order.
(func $set.merge (param $s i32) (param $o i32) (param $kind i32)
  (local $e i32) (local $end i32) (local $mask i64)
  (if (i32.or (i32.eq (local.get $s) (local.get $o)) (i32.eqz (i32.load (local.get $o))))
    (then (return)))
  (if (i32.ge_u (i32.mul (i32.add (i32.load offset=4 (local.get $s)) (i32.load (local.get $o))) (i32.const 5))
                (i32.mul (i32.load offset=8 (local.get $s)) (i32.const 3)))
    (then
      (call $set.resize (local.get $s)
                        (i32.shl (i32.add (i32.load (local.get $s)) (i32.load (local.get $o))) (i32.const 1)))
      (if (global.get $exc) (then (return)))))
  (local.set $e (i32.load offset=16 (local.get $o)))
  (local.set $end (i32.add (local.get $e) (i32.shl (i32.add (i32.load offset=8 (local.get $o)) (i32.const 1))
                                                   (i32.const 4))))
  (if (i32.eqz (i32.load offset=4 (local.get $s)))
    (then
      (if (i32.and (i32.eq (i32.load offset=8 (local.get $s)) (i32.load offset=8 (local.get $o)))
                   (i32.eq (i32.load offset=4 (local.get $o)) (i32.load (local.get $o))))
        (then
          (memory.copy (i32.load offset=16 (local.get $s)) (local.get $e)
                       (i32.sub (local.get $end) (local.get $e)))
          (i32.store offset=4 (local.get $s) (i32.load offset=4 (local.get $o))))
        (else
          (local.set $mask (i64.extend_i32_u (i32.load offset=8 (local.get $s))))
          (block $done (loop $each
            (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
            (if (call $set.live (local.get $e))
              (then (call $set.insert_clean (i32.load offset=16 (local.get $s)) (local.get $mask)
                                            (local.get $e))))
            (local.set $e (i32.add (local.get $e) (i32.const 16)))
            (br $each)))
          (i32.store offset=4 (local.get $s) (i32.load (local.get $o)))))
      (i32.store (local.get $s) (i32.load (local.get $o)))
      (return)))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
    (if (call $set.live (local.get $e))
      (then
        (call $set.add_hashed (local.get $s) (i64.load offset=8 (local.get $e))
                              (i64.xor (i64.load (local.get $e)) (i64.const -1)) (local.get $kind))
        (if (global.get $exc) (then (return)))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each))))

;; A new set of the items of $s (s.copy(), set(s), a copy merged from it).
(func $set.copy (param $s i32) (param $kind i32) (result i32)
  (local $c i32)
  (local.set $c (call $set.new))
  (if (i32.eqz (local.get $c)) (then (return (i32.const 0))))
  (call $set.merge (local.get $c) (local.get $s) (local.get $kind))
  (local.get $c))

;; s & o (set_intersection): the items of the smaller (o when as large), in its table order,
;; that are in the other one.
(func $set.intersection (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (local $r i32) (local $e i32) (local $end i32) (local $t i32)
  (if (i32.eq (local.get $s) (local.get $o)) (then (return (call $set.copy (local.get $s) (local.get $kind)))))
  (local.set $r (call $set.new))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (if (i32.gt_u (i32.load (local.get $o)) (i32.load (local.get $s)))
    (then (local.set $t (local.get $s)) (local.set $s (local.get $o)) (local.set $o (local.get $t))))
  (local.set $e (i32.load offset=16 (local.get $o)))
  (local.set $end (i32.add (local.get $e) (i32.shl (i32.add (i32.load offset=8 (local.get $o)) (i32.const 1))
                                                   (i32.const 4))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
    (if (call $set.live (local.get $e))
      (then
        (if (call $set.live (call $set.probe (local.get $s) (i64.load offset=8 (local.get $e))
                                             (i64.xor (i64.load (local.get $e)) (i64.const -1))
                                             (local.get $kind) (i32.const 0)))
          (then
            (call $set.add_hashed (local.get $r) (i64.load offset=8 (local.get $e))
                                  (i64.xor (i64.load (local.get $e)) (i64.const -1)) (local.get $kind))
            (if (global.get $exc) (then (return (i32.const 0))))))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each)))
  (local.get $r))

;; s &= o, s.intersection_update(o): s takes the intersection's table (set_swap_bodies; the
;; finger stays).
(func $set.intersection_update (param $s i32) (param $o i32) (param $kind i32)
  (call $set.adopt (local.get $s) (call $set.intersection (local.get $s) (local.get $o) (local.get $kind))))

;; $s takes the table of the new set $r (0: out of memory, $s stays), which is freed.
(func $set.adopt (param $s i32) (param $r i32)
  (if (i32.eqz (local.get $r)) (then (return)))
  (call $alloc.free (i32.load offset=16 (local.get $s)))
  (i64.store (local.get $s) (i64.load (local.get $r)))
  (i32.store offset=8 (local.get $s) (i32.load offset=8 (local.get $r)))
  (i32.store offset=16 (local.get $s) (i32.load offset=16 (local.get $r)))
  (call $alloc.free (local.get $r)))

;; s.intersection(xs) of a list (set_intersection's path for other iterables): the items of
;; xs, in order, that are in s.
(func $set.intersection_list (param $s i32) (param $l i32) (param $kind i32) (result i32)
  (local $r i32) (local $i i32) (local $bits i64) (local $h i64)
  (local.set $r (call $set.new))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (i32.load (local.get $l))))
    (local.set $bits (call $key.bits (i64.load (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3))))
                                     (local.get $kind)))
    (local.set $h (call $set.hash (local.get $bits) (local.get $kind)))
    (if (call $set.live (call $set.probe (local.get $s) (local.get $bits) (local.get $h) (local.get $kind) (i32.const 0)))
      (then
        (call $set.add_hashed (local.get $r) (local.get $bits) (local.get $h) (local.get $kind))
        (if (global.get $exc) (then (return (i32.const 0))))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (local.get $r))

(func $set.intersection_update_list (param $s i32) (param $l i32) (param $kind i32)
  (call $set.adopt (local.get $s) (call $set.intersection_list (local.get $s) (local.get $l) (local.get $kind))))

;; s.difference_update(xs) of a list: each item discarded in order, then the dummies purged.
(func $set.difference_update_list (param $s i32) (param $l i32) (param $kind i32)
  (local $i i32)
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (i32.load (local.get $l))))
    (drop (call $set.discard (local.get $s)
                (i64.load (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3))))
                (local.get $kind)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (call $set.purge (local.get $s)))

;; s.difference(xs) of a list (set_copy_and_difference): a copy, xs's items removed from it.
(func $set.difference_list (param $s i32) (param $l i32) (param $kind i32) (result i32)
  (local $r i32)
  (local.set $r (call $set.copy (local.get $s) (local.get $kind)))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (call $set.difference_update_list (local.get $r) (local.get $l) (local.get $kind))
  (local.get $r))

;; After removals (set_difference_update_internal): a table more than a quarter dummies is
;; rebuilt.
(func $set.purge (param $s i32)
  (local $used i32)
  (local.set $used (i32.load (local.get $s)))
  (if (i32.gt_u (i32.sub (i32.load offset=4 (local.get $s)) (local.get $used))
                (i32.shr_u (i32.load offset=8 (local.get $s)) (i32.const 2)))
    (then (call $set.resize (local.get $s)
                            (i32.mul (local.get $used)
                                     (select (i32.const 2) (i32.const 4) (i32.gt_u (local.get $used) (i32.const 50000))))))))

;; s -= o, s.difference_update(o) (set_difference_update_internal): each item of o (of the
;; intersection when o is more than 8 times larger) discarded, in its table order; then a
;; table more than a quarter dummies is rebuilt.
(func $set.difference_update (param $s i32) (param $o i32) (param $kind i32)
  (local $e i32) (local $end i32)
  (if (i32.eq (local.get $s) (local.get $o)) (then (call $set.clear (local.get $s)) (return)))
  (if (i32.gt_u (i32.shr_u (i32.load (local.get $o)) (i32.const 3)) (i32.load (local.get $s)))
    (then
      (local.set $o (call $set.intersection (local.get $s) (local.get $o) (local.get $kind)))
      (if (i32.eqz (local.get $o)) (then (return)))))
  (local.set $e (i32.load offset=16 (local.get $o)))
  (local.set $end (i32.add (local.get $e) (i32.shl (i32.add (i32.load offset=8 (local.get $o)) (i32.const 1))
                                                   (i32.const 4))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
    (if (call $set.live (local.get $e))
      (then
        (drop (call $set.discard_hashed (local.get $s) (i64.load offset=8 (local.get $e))
                                        (i64.xor (i64.load (local.get $e)) (i64.const -1)) (local.get $kind)))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each)))
  (call $set.purge (local.get $s)))

;; s - o (set_difference): a copy of s with o's items removed when s has more than 4 times
;; o's items; else the items of s, in its table order, that are not in o.
(func $set.difference (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (local $r i32) (local $e i32) (local $end i32)
  (if (i32.gt_u (i32.shr_u (i32.load (local.get $s)) (i32.const 2)) (i32.load (local.get $o)))
    (then
      (local.set $r (call $set.copy (local.get $s) (local.get $kind)))
      (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
      (call $set.difference_update (local.get $r) (local.get $o) (local.get $kind))
      (return (local.get $r))))
  (local.set $r (call $set.new))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (local.set $e (i32.load offset=16 (local.get $s)))
  (local.set $end (i32.add (local.get $e) (i32.shl (i32.add (i32.load offset=8 (local.get $s)) (i32.const 1))
                                                   (i32.const 4))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
    (if (call $set.live (local.get $e))
      (then
        (if (i32.eqz (call $set.live (call $set.probe (local.get $o) (i64.load offset=8 (local.get $e))
                                                      (i64.xor (i64.load (local.get $e)) (i64.const -1))
                                                      (local.get $kind) (i32.const 0))))
          (then
            (call $set.add_hashed (local.get $r) (i64.load offset=8 (local.get $e))
                                  (i64.xor (i64.load (local.get $e)) (i64.const -1)) (local.get $kind))
            (if (global.get $exc) (then (return (i32.const 0))))))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each)))
  (local.get $r))

;; s ^= o (set_symmetric_difference_update): each item of o, in its table order, removed from
;; s when there, else added.
(func $set.symmetric_difference_update (param $s i32) (param $o i32) (param $kind i32)
  (local $e i32) (local $end i32)
  (if (i32.eq (local.get $s) (local.get $o)) (then (call $set.clear (local.get $s)) (return)))
  (local.set $e (i32.load offset=16 (local.get $o)))
  (local.set $end (i32.add (local.get $e) (i32.shl (i32.add (i32.load offset=8 (local.get $o)) (i32.const 1))
                                                   (i32.const 4))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
    (if (call $set.live (local.get $e))
      (then
        (if (i32.eqz (call $set.discard_hashed (local.get $s) (i64.load offset=8 (local.get $e))
                                               (i64.xor (i64.load (local.get $e)) (i64.const -1)) (local.get $kind)))
          (then
            (call $set.add_hashed (local.get $s) (i64.load offset=8 (local.get $e))
                                  (i64.xor (i64.load (local.get $e)) (i64.const -1)) (local.get $kind))
            (if (global.get $exc) (then (return)))))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each))))

;; s ^ o (set_symmetric_difference): a copy of o, then s's items toggled in it.
(func $set.symmetric_difference (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (local $r i32)
  (local.set $r (call $set.copy (local.get $o) (local.get $kind)))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (call $set.symmetric_difference_update (local.get $r) (local.get $s) (local.get $kind))
  (local.get $r))

;; s | o (set_or): a copy of s, o merged into it.
(func $set.union (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (local $r i32)
  (local.set $r (call $set.copy (local.get $s) (local.get $kind)))
  (if (i32.eqz (local.get $r)) (then (return (i32.const 0))))
  (call $set.merge (local.get $r) (local.get $o) (local.get $kind))
  (local.get $r))

;; Whether every item of $s is in $o (s <= o).
(func $set.issubset (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (local $e i32) (local $end i32)
  (if (i32.gt_u (i32.load (local.get $s)) (i32.load (local.get $o))) (then (return (i32.const 0))))
  (local.set $e (i32.load offset=16 (local.get $s)))
  (local.set $end (i32.add (local.get $e) (i32.shl (i32.add (i32.load offset=8 (local.get $s)) (i32.const 1))
                                                   (i32.const 4))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
    (if (call $set.live (local.get $e))
      (then
        (if (i32.eqz (call $set.live (call $set.probe (local.get $o) (i64.load offset=8 (local.get $e))
                                                      (i64.xor (i64.load (local.get $e)) (i64.const -1))
                                                      (local.get $kind) (i32.const 0))))
          (then (return (i32.const 0))))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each)))
  (i32.const 1))

;; Whether $s and $o share no item.
(func $set.isdisjoint (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (local $r i32)
  (local.set $r (call $set.intersection (local.get $s) (local.get $o) (local.get $kind)))
  (i32.eqz (i32.load (local.get $r))))

;; The list of the items of $s in table order (a result crossing WIT as list<T>; list(s)).
(func $set.items (param $s i32) (result i32)
  (local $l i32) (local $e i32) (local $end i32) (local $n i32)
  (if (global.get $exc) (then (return (i32.const 0))))  ;; the call raised: no result to lower
  (local.set $l (call $list.alloc (i32.load (local.get $s)) (i32.load (local.get $s))))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (local.set $e (i32.load offset=16 (local.get $s)))
  (local.set $end (i32.add (local.get $e) (i32.shl (i32.add (i32.load offset=8 (local.get $s)) (i32.const 1))
                                                   (i32.const 4))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
    (if (call $set.live (local.get $e))
      (then
        (i64.store (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $n) (i32.const 3)))
                   (i64.load offset=8 (local.get $e)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))))
    (local.set $e (i32.add (local.get $e) (i32.const 16)))
    (br $each)))
  (local.get $l))

;; A set of the items of list $l added in order ({f(v) for v in value}: a set argument). Out
;; of memory traps, as in cabi_realloc (no guest code runs yet).
(func $set.from_list (param $l i32) (param $kind i32) (result i32)
  (local $s i32) (local $i i32)
  (local.set $s (call $set.new))
  (if (i32.eqz (local.get $s)) (then unreachable))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (i32.load (local.get $l))))
    (call $set.add (local.get $s) (i64.load (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3))))
                   (local.get $kind))
    (if (global.get $exc) (then unreachable))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (local.get $s))

;; s <= o, s < o, s == o, s != o (set_richcompare: sizes first, then every item of s in o).
(func $set.le (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (call $set.issubset (local.get $s) (local.get $o) (local.get $kind)))

(func $set.lt (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (if (result i32) (i32.lt_u (i32.load (local.get $s)) (i32.load (local.get $o)))
    (then (call $set.issubset (local.get $s) (local.get $o) (local.get $kind)))
    (else (i32.const 0))))

(func $set.eq (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (if (result i32) (i32.eq (i32.load (local.get $s)) (i32.load (local.get $o)))
    (then (call $set.issubset (local.get $s) (local.get $o) (local.get $kind)))
    (else (i32.const 0))))

(func $set.ne (param $s i32) (param $o i32) (param $kind i32) (result i32)
  (i32.eqz (call $set.eq (local.get $s) (local.get $o) (local.get $kind))))
