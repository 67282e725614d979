;; dict[K, V] as a hash table (irbuild/dicts.py).
;;
;; A dict is a 24-byte block [keys list @0][positions list @4][values list @8][entries @12]
;; [table @16][usable @20]: the keys and values are two lists (support/list.wat's headers) in
;; insertion order, an entry's index in one its index in the other; only live entries are in
;; them (a deletion shifts the later ones down), so iterating, len() and the WIT result read the
;; lists as they are.
;;
;; Beside them the dict keeps what CPython 3.11's dict would hold (Objects/dictobject.c), so a
;; loop over a dict that loses and gains keys goes on as CPython's does: CPython's entries
;; array keeps a hole where a key was deleted until the table is resized, and its iterator
;; walks that array by position. `positions` holds each live entry's index in CPython's array,
;; `entries` CPython's dk_nentries (live entries and holes), `usable` its dk_usable (entries
;; that may still be appended before a resize), and the table's word at 8 CPython's table size
;; (1 for the shared empty keys of a new or cleared dict). The table is resized exactly when and
;; to the size CPython's is (so it is never more than 2/3 full), which also closes the holes.
;;
;; The table maps a key's hash to its entry: a block [mask: i32][deletions: i32][CPython's
;; size: i32][pad] then mask + 1 slots of 8 bytes [entry index + 1: i32 (0: empty)][hash: i32],
;; open addressing with linear probing (deletion shifts the following run back, so there are no
;; tombstones). `deletions` counts the deletions, so a loop over the dict knows whether it must
;; look up CPython's positions at all (irbuild/dicts.py for_loop).
;;
;; A key is passed as its 8 bytes and a kind: 0 an int, 1 a float (equal as floats: -0.0 is
;; 0.0, a NaN equals no key, as distinct NaN objects in CPython), 2 a bool or an enum member (an i32),
;; 3 a str (an i32 address); any larger kind is the address of a tuple's description in static
;; data (codegen/dicts.py key_kind): [field count][each field's kind] as 64-bit words.

;; A key's bits with the unused upper half of an i32 key cleared (a slot written by i32.store
;; keeps whatever its upper half held before).
(func $key.bits (param $bits i64) (param $kind i32) (result i64)
  (if (result i64) (i32.lt_u (local.get $kind) (i32.const 2))
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
  (if (i32.and (i32.eq (local.get $kind) (i32.const 1))
               (i64.eq (local.get $bits) (i64.const 0x8000000000000000)))
    (then (local.set $bits (i64.const 0))))  ;; -0.0 hashes as 0.0
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
  (if (i32.eq (local.get $kind) (i32.const 1))
    (then (return (f64.eq (f64.reinterpret_i64 (local.get $a)) (f64.reinterpret_i64 (local.get $b))))))
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

;; A new empty dict (CPython's: no table of its own yet), or 0 with MemoryError set.
(func $dict.new (result i32)
  (local $d i32) (local $part i32)
  (local.set $d (call $alloc.malloc (i32.const 24)))
  (if (i32.eqz (local.get $d))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (memory.fill (local.get $d) (i32.const 0) (i32.const 24))
  (local.set $part (call $list.alloc (i32.const 0) (i32.const 4)))
  (if (i32.eqz (local.get $part)) (then (return (i32.const 0))))
  (i32.store (local.get $d) (local.get $part))
  (local.set $part (call $list.alloc (i32.const 0) (i32.const 4)))
  (if (i32.eqz (local.get $part)) (then (return (i32.const 0))))
  (i32.store offset=4 (local.get $d) (local.get $part))
  (local.set $part (call $list.alloc (i32.const 0) (i32.const 4)))
  (if (i32.eqz (local.get $part)) (then (return (i32.const 0))))
  (i32.store offset=8 (local.get $d) (local.get $part))
  (local.set $part (call $dict.table (i32.const 8)))
  (if (i32.eqz (local.get $part)) (then (return (i32.const 0))))
  (i32.store offset=8 (local.get $part) (i32.const 1))
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

;; CPython 3.11's table size for at least $minsize slots (calculate_log2_keysize: the bit
;; length of ((minsize | 8) - 1) | 7, so 8 for 0, 16 for 1 to 7, else the power of two at or
;; above it).
(func $dict.size_for (param $minsize i32) (result i32)
  (local $size i32)
  (if (i32.and (i32.ne (local.get $minsize) (i32.const 0)) (i32.lt_u (local.get $minsize) (i32.const 8)))
    (then (return (i32.const 16))))
  (local.set $size (i32.const 8))
  (block $done (loop $double
    (br_if $done (i32.ge_u (local.get $size) (local.get $minsize)))
    (local.set $size (i32.shl (local.get $size) (i32.const 1)))
    (br $double)))
  (local.get $size))

;; $d's table rebuilt with $size slots, as CPython's dictresize: every entry placed again by its
;; stored hash, CPython's holes closed (each entry's position its index), `usable` 2/3 of the
;; size less the entries. 0 with MemoryError set when the heap is full (the old table stays).
(func $dict.resize (param $d i32) (param $size i32) (result i32)
  (local $old i32) (local $new i32) (local $mask i32) (local $i i32) (local $from i32)
  (local $at i32) (local $to i32) (local $n i32) (local $positions i32)
  (local.set $old (i32.load offset=16 (local.get $d)))
  (local.set $new (call $dict.table (local.get $size)))
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
  (i32.store offset=8 (local.get $new) (local.get $size))
  (call $alloc.free (local.get $old))
  (i32.store offset=16 (local.get $d) (local.get $new))
  (local.set $n (i32.load (i32.load (local.get $d))))
  (local.set $positions (i32.load offset=4 (local.get $d)))
  (local.set $i (i32.const 0))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (i64.store (i32.add (i32.load offset=8 (local.get $positions)) (i32.shl (local.get $i) (i32.const 3)))
               (i64.extend_i32_u (local.get $i)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (i32.store offset=12 (local.get $d) (local.get $n))
  (i32.store offset=20 (local.get $d) (i32.sub (i32.div_u (i32.shl (local.get $size) (i32.const 1)) (i32.const 3))
                                               (local.get $n)))
  (local.get $new))

;; A new dict's table made ready for $n items (a display of $n items: CPython's
;; dict_new_presized; 5 or fewer keep the shared empty keys).
(func $dict.presize (param $d i32) (param $n i32)
  (if (i32.le_u (local.get $n) (i32.const 5)) (then (return)))
  (if (i32.gt_u (local.get $n) (i32.const 87381)) (then (local.set $n (i32.const 87381))))
  (drop (call $dict.resize (local.get $d)
                           (call $dict.size_for (i32.shr_u (i32.add (i32.mul (local.get $n) (i32.const 3))
                                                                    (i32.const 1))
                                                           (i32.const 1))))))

;; d[key] = value: a new key goes last (resizing first when CPython would), an existing one
;; keeps its place (and its first key object) and takes the new value. MemoryError when full.
(func $dict.store (param $d i32) (param $bits i64) (param $value i64) (param $kind i32)
  (local $t i32) (local $h i32) (local $slot i32) (local $n i32) (local $p i32)
  (local.set $t (i32.load offset=16 (local.get $d)))
  (local.set $h (call $key.hash (local.get $bits) (local.get $kind)))
  (local.set $slot (call $dict.slot (local.get $t) (i32.load (local.get $d)) (local.get $bits)
                                    (local.get $kind) (local.get $h)))
  (if (i32.load (local.get $slot))
    (then
      (i64.store (i32.add (i32.load offset=8 (i32.load offset=8 (local.get $d)))
                          (i32.shl (i32.sub (i32.load (local.get $slot)) (i32.const 1)) (i32.const 3)))
                 (local.get $value))
      (return)))
  (local.set $n (i32.load (i32.load (local.get $d))))
  (if (i32.le_s (i32.load offset=20 (local.get $d)) (i32.const 0))  ;; CPython's insertion_resize
    (then
      (local.set $t (call $dict.resize (local.get $d) (call $dict.size_for (i32.mul (local.get $n) (i32.const 3)))))
      (if (i32.eqz (local.get $t)) (then (return)))
      (local.set $slot (call $dict.slot (local.get $t) (i32.load (local.get $d)) (local.get $bits)
                                        (local.get $kind) (local.get $h)))))
  (local.set $p (call $list.push (i32.load offset=4 (local.get $d))))
  (if (i32.eqz (local.get $p)) (then (return)))
  (i64.store (local.get $p) (i64.extend_i32_u (i32.load offset=12 (local.get $d))))
  (local.set $p (call $list.push (i32.load (local.get $d))))
  (if (i32.eqz (local.get $p))
    (then  ;; keep the lists one length
      (i32.store (i32.load offset=4 (local.get $d)) (local.get $n))
      (return)))
  (i64.store (local.get $p) (local.get $bits))
  (local.set $p (call $list.push (i32.load offset=8 (local.get $d))))
  (if (i32.eqz (local.get $p))
    (then
      (i32.store (i32.load (local.get $d)) (local.get $n))
      (i32.store (i32.load offset=4 (local.get $d)) (local.get $n))
      (return)))
  (i64.store (local.get $p) (local.get $value))
  (i32.store offset=12 (local.get $d) (i32.add (i32.load offset=12 (local.get $d)) (i32.const 1)))
  (i32.store offset=20 (local.get $d) (i32.sub (i32.load offset=20 (local.get $d)) (i32.const 1)))
  (i32.store (local.get $slot) (i32.add (local.get $n) (i32.const 1)))
  (i32.store offset=4 (local.get $slot) (local.get $h)))

;; Remove item $at (a list header's) by shifting the later items down.
(func $dict.shift_out (param $l i32) (param $at i32)
  (local $n i32) (local $p i32)
  (local.set $n (i32.sub (i32.load (local.get $l)) (i32.const 1)))
  (local.set $p (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $at) (i32.const 3))))
  (memory.copy (local.get $p) (i32.add (local.get $p) (i32.const 8))
               (i32.shl (i32.sub (local.get $n) (local.get $at)) (i32.const 3)))
  (i32.store (local.get $l) (local.get $n)))

;; Delete entry $at of $d (del d[k], d.pop(k)): the later entries move down one
;; place, the table's indices with them, and the run after the emptied slot shifts back (linear
;; probing's deletion, so no lookup ever stops short at a hole). CPython's entry becomes a hole:
;; its `entries` and `usable` stay.
(func $dict.delete (param $d i32) (param $at i32)
  (local $t i32) (local $mask i32) (local $i i32) (local $slot i32) (local $entry i32)
  (local $hole i32) (local $j i32) (local $home i32) (local $stays i32)
  (local.set $t (i32.load offset=16 (local.get $d)))
  (local.set $mask (i32.load (local.get $t)))
  (call $dict.shift_out (i32.load (local.get $d)) (local.get $at))
  (call $dict.shift_out (i32.load offset=4 (local.get $d)) (local.get $at))
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

;; d.clear(): no entries, every slot empty, CPython's shared empty keys again (the table keeps
;; its slots); each entry counts as a deletion.
(func $dict.clear (param $d i32)
  (local $t i32) (local $n i32)
  (local.set $t (i32.load offset=16 (local.get $d)))
  (local.set $n (i32.load (i32.load (local.get $d))))
  (i32.store (i32.load (local.get $d)) (i32.const 0))
  (i32.store (i32.load offset=4 (local.get $d)) (i32.const 0))
  (i32.store (i32.load offset=8 (local.get $d)) (i32.const 0))
  (i32.store offset=12 (local.get $d) (i32.const 0))
  (i32.store offset=20 (local.get $d) (i32.const 0))
  (memory.fill (i32.add (local.get $t) (i32.const 16)) (i32.const 0)
               (i32.shl (i32.add (i32.load (local.get $t)) (i32.const 1)) (i32.const 3)))
  (i32.store offset=4 (local.get $t) (i32.add (i32.load offset=4 (local.get $t)) (local.get $n)))
  (i32.store offset=8 (local.get $t) (i32.const 1)))

;; d.popitem()'s removal of the last entry: CPython's entries end where it was (its usable
;; stays).
(func $dict.pop_last (param $d i32)
  (local $last i32)
  (local.set $last (i32.sub (i32.load (i32.load (local.get $d))) (i32.const 1)))
  (i32.store offset=12 (local.get $d)
             (i32.load (i32.add (i32.load offset=8 (i32.load offset=4 (local.get $d)))
                                (i32.shl (local.get $last) (i32.const 3)))))
  (call $dict.delete (local.get $d) (local.get $last)))

;; CPython's position of entry $at (a loop over the dict goes on after it).
(func $dict.position (param $d i32) (param $at i64) (result i64)
  (i64.load (i32.add (i32.load offset=8 (i32.load offset=4 (local.get $d)))
                     (i32.shl (i32.wrap_i64 (local.get $at)) (i32.const 3)))))

;; The first entry whose CPython position is $pos or later (or the entry count): where
;; CPython's iterator, at position $pos, finds its next key. A binary search.
(func $dict.seek (param $d i32) (param $pos i64) (result i64)
  (local $lo i32) (local $hi i32) (local $mid i32) (local $items i32)
  (local.set $hi (i32.load (i32.load offset=4 (local.get $d))))
  (local.set $items (i32.load offset=8 (i32.load offset=4 (local.get $d))))
  (block $done (loop $halve
    (br_if $done (i32.ge_u (local.get $lo) (local.get $hi)))
    (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
    (if (i64.lt_u (i64.load (i32.add (local.get $items) (i32.shl (local.get $mid) (i32.const 3))))
                  (local.get $pos))
      (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
      (else (local.set $hi (local.get $mid))))
    (br $halve)))
  (i64.extend_i32_u (local.get $lo)))

;; a.update(b), a |= b (CPython's dict_merge): into an empty a, a clean b (no holes) just made
;; or small is cloned; else one resize first when a's table could not hold b's entries, then
;; each entry of b stored in order. MemoryError leaves a partly updated.
(func $dict.merge (param $a i32) (param $b i32) (param $kind i32)
  (local $n i32) (local $i i32) (local $size i32)
  (local.set $n (i32.load (i32.load (local.get $b))))
  (if (i32.or (i32.eq (local.get $a) (local.get $b)) (i32.eqz (local.get $n))) (then (return)))
  (local.set $size (i32.load offset=8 (i32.load offset=16 (local.get $b))))
  (if (i32.and (i32.eqz (i32.load (i32.load (local.get $a))))
               (i32.and (i32.eq (local.get $n) (i32.load offset=12 (local.get $b)))
                        (i32.or (i32.eq (local.get $size) (i32.const 8))
                                (i32.lt_u (i32.div_u (local.get $size) (i32.const 3)) (local.get $n)))))
    (then (call $dict.clone (local.get $a) (local.get $b) (local.get $kind)) (return)))
  (local.set $size (i32.load offset=8 (i32.load offset=16 (local.get $a))))
  (if (i32.lt_u (i32.div_u (i32.shl (local.get $size) (i32.const 1)) (i32.const 3)) (local.get $n))
    (then
      (if (i32.eqz (call $dict.resize (local.get $a)
                         (call $dict.size_for
                               (i32.shr_u (i32.add (i32.mul (i32.add (i32.load (i32.load (local.get $a))) (local.get $n))
                                                            (i32.const 3))
                                                   (i32.const 1))
                                          (i32.const 1)))))
        (then (return)))))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (call $dict.store (local.get $a)
          (i64.load (i32.add (i32.load offset=8 (i32.load (local.get $b))) (i32.shl (local.get $i) (i32.const 3))))
          (i64.load (i32.add (i32.load offset=8 (i32.load offset=8 (local.get $b))) (i32.shl (local.get $i) (i32.const 3))))
          (local.get $kind))
    (br_if $done (global.get $exc))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each))))

;; The empty dict $a made a copy of $b's CPython keys (clone_combined_dict_keys): its entries,
;; holes, usable and table size.
(func $dict.clone (param $a i32) (param $b i32) (param $kind i32)
  (local $i i32) (local $n i32)
  (local.set $n (i32.load (i32.load (local.get $b))))
  (if (i32.eqz (call $dict.resize (local.get $a) (i32.load offset=8 (i32.load offset=16 (local.get $b)))))
    (then (return)))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (call $dict.store (local.get $a)
          (i64.load (i32.add (i32.load offset=8 (i32.load (local.get $b))) (i32.shl (local.get $i) (i32.const 3))))
          (i64.load (i32.add (i32.load offset=8 (i32.load offset=8 (local.get $b))) (i32.shl (local.get $i) (i32.const 3))))
          (local.get $kind))
    (br_if $done (global.get $exc))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (memory.copy (i32.load offset=8 (i32.load offset=4 (local.get $a)))
               (i32.load offset=8 (i32.load offset=4 (local.get $b))) (i32.shl (local.get $n) (i32.const 3)))
  (i32.store offset=12 (local.get $a) (i32.load offset=12 (local.get $b)))
  (i32.store offset=20 (local.get $a) (i32.load offset=20 (local.get $b))))

;; d.copy() (PyDict_Copy): a clone of $d's keys when at most a third of its CPython entries are
;; holes, else a new dict merged from it; 0 with MemoryError set.
(func $dict.copy (param $d i32) (param $kind i32) (result i32)
  (local $c i32) (local $n i32)
  (local.set $c (call $dict.new))
  (if (i32.eqz (local.get $c)) (then (return (i32.const 0))))
  (local.set $n (i32.load (i32.load (local.get $d))))
  (if (i32.eqz (local.get $n)) (then (return (local.get $c))))
  (if (i32.ge_u (local.get $n) (i32.div_u (i32.shl (i32.load offset=12 (local.get $d)) (i32.const 1)) (i32.const 3)))
    (then (call $dict.clone (local.get $c) (local.get $d) (local.get $kind)))
    (else (call $dict.merge (local.get $c) (local.get $d) (local.get $kind))))
  (local.get $c))

;; How many deletions $d has seen (a loop over it compares this at each step).
(func $dict.deletions (param $d i32) (result i64)
  (i64.extend_i32_u (i32.load offset=4 (i32.load offset=16 (local.get $d)))))

;; A dict of a list of (key, value) tuples, as the componentize-py glue's comprehension makes
;; it (a repeated key keeps its first place and its last value). The list is an argument the
;; host passed: out of memory traps, as in cabi_realloc (no guest code runs yet).
(func $dict.from_list (param $l i32) (param $kind i32) (result i32)
  (local $d i32) (local $i i32) (local $item i32)
  (local.set $d (call $dict.new))
  (if (i32.eqz (local.get $d)) (then unreachable))
  (block $done (loop $each
    (br_if $done (i32.ge_u (local.get $i) (i32.load (local.get $l))))
    (local.set $item (i32.load (i32.add (i32.load offset=8 (local.get $l)) (i32.shl (local.get $i) (i32.const 3)))))
    (call $dict.store (local.get $d) (i64.load (local.get $item)) (i64.load offset=8 (local.get $item))
                      (local.get $kind))
    (if (global.get $exc) (then unreachable))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $each)))
  (local.get $d))
