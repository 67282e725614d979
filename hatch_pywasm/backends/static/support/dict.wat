;; dict[K, V] and set[T] as a hash table (irbuild/dicts.py, irbuild/sets.py).
;;
;; A dict is a 24-byte block [keys list @0][values list @8][table @16]: the keys and values are
;; two lists (support/list.wat's headers) in insertion order, an entry's index in one its index
;; in the other; only live entries are in them (a deletion shifts the later ones down), so
;; iterating, len() and the WIT result read the lists as they are. A set is the same block with
;; no values list (0).
;;
;; The table maps a key's hash to its entry: a block [mask: i32][deletions: i32][pad: 8] then
;; mask + 1 slots of 8 bytes [entry index + 1: i32 (0: empty)][hash: i32], open addressing with
;; linear probing (deletion shifts the following run back, so there are no tombstones), grown
;; to twice the slots when it would be more than 3/4 full. `deletions` counts the deletions, so
;; a loop over the dict can tell that keys left and came back (CPython's order then depends on
;; its own table's resizing: the loop refuses it, irbuild/dicts.py for_loop).
;;
;; A key is passed as its 8 bytes and a kind: 0 an int, 2 a bool or an enum member (an i32),
;; 3 a str (an i32 address); any larger kind is the address of a tuple's description in static
;; data (codegen/dicts.py key_kind): [field count][each field's kind] as 64-bit words.

;; A key's bits with the unused upper half of an i32 key cleared (a slot written by i32.store
;; keeps whatever its upper half held before).
(func $key.bits (param $bits i64) (param $kind i32) (result i64)
  (if (result i64) (i32.eqz (local.get $kind))
    (then (local.get $bits))
    (else (i64.and (local.get $bits) (i64.const 0xffffffff)))))

;; A 64-bit value mixed into 32 bits (splitmix64's finaliser): every bit of the input moves
;; the low bits the table's mask keeps.
(func $hash.mix (param $x i64) (result i32)
  (local.set $x (i64.mul (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 30)))
                         (i64.const 0xbf58476d1ce4e5b9)))
  (local.set $x (i64.mul (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 27)))
                         (i64.const 0x94d049bb133111eb)))
  (i32.wrap_i64 (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 31)))))

;; The hash of a key (equal keys, equal hashes). A str: FNV-1a over its UTF-8 bytes, 8 at a
;; time (the last 1-7 as one word), then mixed; a tuple: its fields' hashes combined in order.
(func $key.hash (param $bits i64) (param $kind i32) (result i32)
  (local $s i32) (local $n i32) (local $i i32) (local $h i64) (local $fields i32) (local $field i32)
  (local $rest i32)
  (local.set $bits (call $key.bits (local.get $bits) (local.get $kind)))
  (if (i32.lt_u (local.get $kind) (i32.const 3))
    (then (return (call $hash.mix (local.get $bits)))))
  (local.set $h (i64.const 0xcbf29ce484222325))
  (if (i32.eq (local.get $kind) (i32.const 3))
    (then
      (local.set $s (i32.wrap_i64 (local.get $bits)))
      (local.set $n (i32.load (local.get $s)))
      (block $done (loop $words
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
        (local.set $h (i64.mul (i64.xor (local.get $h)
                                        (i64.load offset=4 align=1 (i32.add (local.get $s) (local.get $i))))
                               (i64.const 0x100000001b3)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $words)))
      (local.set $rest (i32.sub (local.get $n) (local.get $i)))  ;; the last 0-7 bytes
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (if (i32.ge_u (local.get $rest) (i32.const 4))
        (then  ;; as one word: their first and last 4 (overlapping), no byte loop
          (local.set $h (i64.mul (i64.xor (local.get $h) (i64.or
              (i64.load32_u offset=4 align=1 (local.get $s))
              (i64.shl (i64.load32_u offset=4 align=1
                         (i32.add (local.get $s) (i32.sub (local.get $rest) (i32.const 4))))
                       (i64.const 32))))
            (i64.const 0x100000001b3))))
        (else (if (local.get $rest)
          (then  ;; 1-3 bytes: first, middle, last
            (local.set $h (i64.mul (i64.xor (local.get $h) (i64.or (i64.or
                (i64.load8_u offset=4 (local.get $s))
                (i64.shl (i64.load8_u offset=4 (i32.add (local.get $s)
                                                        (i32.shr_u (local.get $rest) (i32.const 1))))
                         (i64.const 8)))
                (i64.shl (i64.load8_u offset=4 (i32.add (local.get $s)
                                                        (i32.sub (local.get $rest) (i32.const 1))))
                         (i64.const 16))))
              (i64.const 0x100000001b3)))))))
      (return (call $hash.mix (i64.xor (local.get $h) (i64.extend_i32_u (local.get $n)))))))
  (local.set $s (i32.wrap_i64 (local.get $bits)))
  (local.set $fields (i32.wrap_i64 (i64.load (local.get $kind))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $fields)))
    (local.set $field (i32.shl (local.get $i) (i32.const 3)))
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (call $key.hash
                             (i64.load (i32.add (local.get $s) (local.get $field)))
                             (i32.wrap_i64 (i64.load offset=8 (i32.add (local.get $kind) (local.get $field)))))))
                           (i64.const 0x100000001b3)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (call $hash.mix (local.get $h)))

;; Whether two keys of one kind are equal (a tuple: field by field).
(func $key.eq (param $a i64) (param $b i64) (param $kind i32) (result i32)
  (local $fields i32) (local $i i32) (local $pa i32) (local $pb i32) (local $field i32)
  (local.set $a (call $key.bits (local.get $a) (local.get $kind)))
  (local.set $b (call $key.bits (local.get $b) (local.get $kind)))
  (if (i64.eq (local.get $a) (local.get $b)) (then (return (i32.const 1))))
  (if (i32.lt_u (local.get $kind) (i32.const 3)) (then (return (i32.const 0))))
  (if (i32.eq (local.get $kind) (i32.const 3))
    (then (return (call $str.eq (i32.wrap_i64 (local.get $a)) (i32.wrap_i64 (local.get $b))))))
  (local.set $pa (i32.wrap_i64 (local.get $a)))
  (local.set $pb (i32.wrap_i64 (local.get $b)))
  (local.set $fields (i32.wrap_i64 (i64.load (local.get $kind))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $fields)))
    (local.set $field (i32.shl (local.get $i) (i32.const 3)))
    (if (i32.eqz (call $key.eq (i64.load (i32.add (local.get $pa) (local.get $field)))
                               (i64.load (i32.add (local.get $pb) (local.get $field)))
                               (i32.wrap_i64 (i64.load offset=8 (i32.add (local.get $kind) (local.get $field))))))
      (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (i32.const 1))

;; A zeroed table of $slots slots (a power of two), or 0 (MemoryError set) when the heap is full.
(func $dict.table (param $slots i32) (result i32)
  (local $t i32) (local $size i32)
  (local.set $size (i32.add (i32.shl (local.get $slots) (i32.const 3)) (i32.const 16)))
  (local.set $t (call $alloc.malloc (local.get $size)))
  (if (i32.eqz (local.get $t))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (memory.fill (local.get $t) (i32.const 0) (local.get $size))
  (i32.store (local.get $t) (i32.sub (local.get $slots) (i32.const 1)))
  (local.get $t))

;; A new empty dict ($values = 1) or set (0), or 0 with MemoryError set.
(func $dict.new (param $values i32) (result i32)
  (local $d i32) (local $part i32)
  (local.set $d (call $alloc.malloc (i32.const 24)))
  (if (i32.eqz (local.get $d))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (local.set $part (call $list.alloc (i32.const 0) (i32.const 4)))
  (if (i32.eqz (local.get $part)) (then (return (i32.const 0))))
  (i32.store (local.get $d) (local.get $part))
  (i32.store offset=8 (local.get $d) (i32.const 0))
  (if (local.get $values)
    (then
      (local.set $part (call $list.alloc (i32.const 0) (i32.const 4)))
      (if (i32.eqz (local.get $part)) (then (return (i32.const 0))))
      (i32.store offset=8 (local.get $d) (local.get $part))))
  (local.set $part (call $dict.table (i32.const 8)))
  (if (i32.eqz (local.get $part)) (then (return (i32.const 0))))
  (i32.store offset=16 (local.get $d) (local.get $part))
  (local.get $d))

;; The address of the slot of table $t holding the key $bits (hash $h) of the keys list $keys,
;; or of the empty slot where it would go.
(func $dict.slot (param $t i32) (param $keys i32) (param $bits i64) (param $kind i32) (param $h i32)
                 (result i32)
  (local $mask i32) (local $i i32) (local $slot i32) (local $entry i32) (local $items i32)
  (local.set $mask (i32.load (local.get $t)))
  (local.set $items (i32.load offset=8 (local.get $keys)))
  (local.set $i (i32.and (local.get $h) (local.get $mask)))
  (loop $probe
    (local.set $slot (i32.add (i32.add (local.get $t) (i32.const 16)) (i32.shl (local.get $i) (i32.const 3))))
    (local.set $entry (i32.load (local.get $slot)))
    (if (i32.eqz (local.get $entry)) (then (return (local.get $slot))))
    (if (i32.eq (i32.load offset=4 (local.get $slot)) (local.get $h))
      (then
        (if (call $key.eq (i64.load (i32.add (local.get $items)
                                              (i32.shl (i32.sub (local.get $entry) (i32.const 1)) (i32.const 3))))
                          (local.get $bits) (local.get $kind))
          (then (return (local.get $slot))))))
    (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1)) (local.get $mask)))
    (br $probe))
  (unreachable))

;; The index of key $bits among the entries of dict (or set) $d, or -1.
(func $dict.find (param $bits i64) (param $d i32) (param $kind i32) (result i64)
  (i64.sub (i64.extend_i32_u
             (i32.load (call $dict.slot (i32.load offset=16 (local.get $d)) (i32.load (local.get $d))
                                        (local.get $bits) (local.get $kind)
                                        (call $key.hash (local.get $bits) (local.get $kind)))))
           (i64.const 1)))

;; The table of $d with twice the slots, every entry placed again by its stored hash; 0 with
;; MemoryError set when the heap is full (the old table stays).
(func $dict.grow (param $d i32) (result i32)
  (local $old i32) (local $new i32) (local $mask i32) (local $i i32) (local $from i32)
  (local $at i32) (local $to i32)
  (local.set $old (i32.load offset=16 (local.get $d)))
  (local.set $new (call $dict.table (i32.shl (i32.add (i32.load (local.get $old)) (i32.const 1))
                                             (i32.const 1))))
  (if (i32.eqz (local.get $new)) (then (return (i32.const 0))))
  (local.set $mask (i32.load (local.get $new)))
  (block $done (loop $each
    (br_if $done (i32.gt_u (local.get $i) (i32.load (local.get $old))))
    (local.set $from (i32.add (i32.add (local.get $old) (i32.const 16)) (i32.shl (local.get $i) (i32.const 3))))
    (if (i32.load (local.get $from))
      (then
        (local.set $at (i32.and (i32.load offset=4 (local.get $from)) (local.get $mask)))
        (loop $probe
          (local.set $to (i32.add (i32.add (local.get $new) (i32.const 16)) (i32.shl (local.get $at) (i32.const 3))))
          (if (i32.load (local.get $to))
            (then
              (local.set $at (i32.and (i32.add (local.get $at) (i32.const 1)) (local.get $mask)))
              (br $probe))))
        (i64.store (local.get $to) (i64.load (local.get $from)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (i32.store offset=4 (local.get $new) (i32.load offset=4 (local.get $old)))
  (call $alloc.free (local.get $old))
  (i32.store offset=16 (local.get $d) (local.get $new))
  (local.get $new))

;; d[key] = value (a set: add key; $value unused): a new key goes last, an existing one keeps
;; its place (and its first key object) and takes the new value. MemoryError when full.
(func $dict.store (param $d i32) (param $bits i64) (param $value i64) (param $kind i32)
  (local $t i32) (local $h i32) (local $slot i32) (local $n i32) (local $p i32)
  (local.set $t (i32.load offset=16 (local.get $d)))
  (local.set $h (call $key.hash (local.get $bits) (local.get $kind)))
  (local.set $slot (call $dict.slot (local.get $t) (i32.load (local.get $d)) (local.get $bits)
                                    (local.get $kind) (local.get $h)))
  (if (i32.load (local.get $slot))
    (then
      (if (i32.load offset=8 (local.get $d))
        (then (i64.store (i32.add (i32.load offset=8 (i32.load offset=8 (local.get $d)))
                                  (i32.shl (i32.sub (i32.load (local.get $slot)) (i32.const 1)) (i32.const 3)))
                         (local.get $value))))
      (return)))
  (local.set $n (i32.load (i32.load (local.get $d))))
  (if (i32.gt_u (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 2))
                (i32.mul (i32.add (i32.load (local.get $t)) (i32.const 1)) (i32.const 3)))
    (then
      (local.set $t (call $dict.grow (local.get $d)))
      (if (i32.eqz (local.get $t)) (then (return)))
      (local.set $slot (call $dict.slot (local.get $t) (i32.load (local.get $d)) (local.get $bits)
                                        (local.get $kind) (local.get $h)))))
  (local.set $p (call $list.push (i32.load (local.get $d))))
  (if (i32.eqz (local.get $p)) (then (return)))
  (i64.store (local.get $p) (local.get $bits))
  (if (i32.load offset=8 (local.get $d))
    (then
      (local.set $p (call $list.push (i32.load offset=8 (local.get $d))))
      (if (i32.eqz (local.get $p))
        (then  ;; keep the two lists one length
          (i32.store (i32.load (local.get $d)) (local.get $n))
          (return)))
      (i64.store (local.get $p) (local.get $value))))
  (i32.store (local.get $slot) (i32.add (local.get $n) (i32.const 1)))
  (i32.store offset=4 (local.get $slot) (local.get $h)))

;; Remove item $at (a list header's) by shifting the later items down.
(func $dict.shift_out (param $l i32) (param $at i32)
  (local $n i32) (local $p i32)
  (if (i32.eqz (local.get $l)) (then (return)))
  (local.set $n (i32.sub (i32.load (local.get $l)) (i32.const 1)))
  (local.set $p (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $at) (i32.const 3))))
  (memory.copy (local.get $p) (i32.add (local.get $p) (i32.const 8))
               (i32.shl (i32.sub (local.get $n) (local.get $at)) (i32.const 3)))
  (i32.store (local.get $l) (local.get $n)))

;; Delete entry $at of $d (del d[k], d.pop(k), s.discard(x)): the later entries move down one
;; place, the table's indices with them, and the run after the emptied slot shifts back (linear
;; probing's deletion, so no lookup ever stops short at a hole).
(func $dict.delete (param $d i32) (param $at i32)
  (local $t i32) (local $mask i32) (local $i i32) (local $slot i32) (local $entry i32)
  (local $hole i32) (local $j i32) (local $home i32) (local $stays i32)
  (local.set $t (i32.load offset=16 (local.get $d)))
  (local.set $mask (i32.load (local.get $t)))
  (call $dict.shift_out (i32.load (local.get $d)) (local.get $at))
  (call $dict.shift_out (i32.load offset=8 (local.get $d)) (local.get $at))
  (local.set $hole (i32.const -1))
  (block $done (loop $each
    (br_if $done (i32.gt_u (local.get $i) (local.get $mask)))
    (local.set $slot (i32.add (i32.add (local.get $t) (i32.const 16)) (i32.shl (local.get $i) (i32.const 3))))
    (local.set $entry (i32.load (local.get $slot)))
    (if (i32.eq (local.get $entry) (i32.add (local.get $at) (i32.const 1)))
      (then (local.set $hole (local.get $i))))
    (if (i32.gt_u (local.get $entry) (i32.add (local.get $at) (i32.const 1)))
      (then (i32.store (local.get $slot) (i32.sub (local.get $entry) (i32.const 1)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (local.set $j (local.get $hole))
  (block $done (loop $next
    (local.set $j (i32.and (i32.add (local.get $j) (i32.const 1)) (local.get $mask)))
    (local.set $slot (i32.add (i32.add (local.get $t) (i32.const 16)) (i32.shl (local.get $j) (i32.const 3))))
    (br_if $done (i32.eqz (i32.load (local.get $slot))))
    (local.set $home (i32.and (i32.load offset=4 (local.get $slot)) (local.get $mask)))
    ;; the entry stays when its home lies cyclically in (hole, j]
    (local.set $stays
      (if (result i32) (i32.le_u (local.get $hole) (local.get $j))
        (then (i32.and (i32.lt_u (local.get $hole) (local.get $home))
                       (i32.le_u (local.get $home) (local.get $j))))
        (else (i32.or (i32.lt_u (local.get $hole) (local.get $home))
                      (i32.le_u (local.get $home) (local.get $j))))))
    (if (i32.eqz (local.get $stays))
      (then
        (i64.store (i32.add (i32.add (local.get $t) (i32.const 16)) (i32.shl (local.get $hole) (i32.const 3)))
                   (i64.load (local.get $slot)))
        (local.set $hole (local.get $j))))
    (br $next)))
  (i64.store (i32.add (i32.add (local.get $t) (i32.const 16)) (i32.shl (local.get $hole) (i32.const 3)))
             (i64.const 0))
  (i32.store offset=4 (local.get $t) (i32.add (i32.load offset=4 (local.get $t)) (i32.const 1))))

;; How many deletions $d has seen (a loop over it compares this at each step).
(func $dict.deletions (param $d i32) (result i64)
  (i64.extend_i32_u (i32.load offset=4 (i32.load offset=16 (local.get $d)))))

;; A dict of a list of (key, value) tuples, as dict(pairs) (a repeated key keeps its first
;; place and its last value); $values = 0 makes a set of a list of keys. The list is an
;; argument the host passed: out of memory traps, as in cabi_realloc (no guest code runs yet).
(func $dict.from_list (param $l i32) (param $values i32) (param $kind i32) (result i32)
  (local $d i32) (local $i i32) (local $item i64)
  (local.set $d (call $dict.new (local.get $values)))
  (if (i32.eqz (local.get $d)) (then unreachable))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (i32.load (local.get $l))))
    (local.set $item (i64.load (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3)))))
    (if (local.get $values)
      (then (call $dict.store (local.get $d) (i64.load (i32.wrap_i64 (local.get $item)))
                              (i64.load offset=8 (i32.wrap_i64 (local.get $item))) (local.get $kind)))
      (else (call $dict.store (local.get $d) (local.get $item) (i64.const 0) (local.get $kind))))
    (if (global.get $exc) (then unreachable))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (local.get $d))
