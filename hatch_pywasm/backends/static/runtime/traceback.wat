;; The traceback of a guest error: on the way out, every function that returns because $exc is
;; set pushes its frame line ("  File ..., line N, in f\n", static data) here, innermost first;
;; the export renders header + frames (outermost first) + the error's last line. The 64 innermost
;; frames are kept.

(func $tb.push (param $ptr i32) (param $len i32)
  (local $at i32)
  (if (i32.ge_u (global.get $tb.depth) (i32.const 64)) (then (return)))
  (local.set $at (i32.add (global.get $tb.frames) (i32.shl (global.get $tb.depth) (i32.const 3))))
  (i32.store (local.get $at) (local.get $ptr))
  (i32.store offset=4 (local.get $at) (local.get $len))
  (global.set $tb.depth (i32.add (global.get $tb.depth) (i32.const 1))))

;; Write the traceback's (pointer, length) at $out (a heap string, freed with the heap after the
;; call); only the error record's last line when there are no frames or no memory.
(func $tb.render (param $record i32) (param $out i32)
  (local $size i32) (local $i i32) (local $s i32) (local $at i32) (local $frame i32)
  (if (i32.eqz (global.get $tb.depth))
    (then (i64.store align=4 (local.get $out) (i64.load offset=16 align=4 (local.get $record))) (return)))
  (local.set $size (i32.add (i32.load (global.get $tb.header)) (i32.load offset=20 (local.get $record))))
  (local.set $i (global.get $tb.depth))
  (block $counted (loop $count
    (br_if $counted (i32.eqz (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $size (i32.add (local.get $size)
      (i32.load offset=4 (i32.add (global.get $tb.frames) (i32.shl (local.get $i) (i32.const 3))))))
    (br $count)))
  (local.set $s (call $alloc.malloc (local.get $size)))
  (if (i32.eqz (local.get $s))
    (then
      (i64.store align=4 (local.get $out) (i64.load offset=16 align=4 (local.get $record)))
      (global.set $tb.depth (i32.const 0))
      (return)))
  (memory.copy (local.get $s) (i32.add (global.get $tb.header) (i32.const 4))
               (i32.load (global.get $tb.header)))
  (local.set $at (i32.add (local.get $s) (i32.load (global.get $tb.header))))
  (local.set $i (global.get $tb.depth))
  (block $copied (loop $copy
    (br_if $copied (i32.eqz (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $frame (i32.add (global.get $tb.frames) (i32.shl (local.get $i) (i32.const 3))))
    (memory.copy (local.get $at) (i32.load (local.get $frame)) (i32.load offset=4 (local.get $frame)))
    (local.set $at (i32.add (local.get $at) (i32.load offset=4 (local.get $frame))))
    (br $copy)))
  (memory.copy (local.get $at) (i32.load offset=16 (local.get $record))
               (i32.load offset=20 (local.get $record)))
  (i32.store (local.get $out) (local.get $s))
  (i32.store offset=4 (local.get $out) (local.get $size))
  (global.set $tb.depth (i32.const 0)))
