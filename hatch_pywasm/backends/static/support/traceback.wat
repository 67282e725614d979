;; The traceback of a guest error: on the way out, every function that returns because $exc is
;; set pushes a frame (its info record, the line) here, innermost first; the export renders the
;; header, the frames outermost first as '  File "m.py", line N, in f', and the error's last
;; line. A function's info record (static data) is [prefix ptr, len][suffix ptr, len] around the
;; line number. The 64 innermost frames are kept.

(func $tb.push (param $info i32) (param $line i32)
  (local $at i32)
  (if (i32.ge_u (global.get $tb.depth) (i32.const 64)) (then (return)))
  (local.set $at (i32.add (global.get $tb.frames) (i32.shl (global.get $tb.depth) (i32.const 3))))
  (i32.store (local.get $at) (local.get $info))
  (i32.store offset=4 (local.get $at) (local.get $line))
  (global.set $tb.depth (i32.add (global.get $tb.depth) (i32.const 1))))

(func $tb.digits (param $n i32) (result i32)
  (local $count i32)
  (local.set $count (i32.const 1))
  (block $done (loop $more
    (br_if $done (i32.lt_u (local.get $n) (i32.const 10)))
    (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
    (local.set $count (i32.add (local.get $count) (i32.const 1)))
    (br $more)))
  (local.get $count))

;; A frame's text length, and writing it at $at (returning where it ends).
(func $tb.frame_size (param $frame i32) (result i32)
  (local $info i32)
  (local.set $info (i32.load (local.get $frame)))
  (i32.add (i32.add (i32.load offset=4 (local.get $info)) (i32.load offset=12 (local.get $info)))
           (call $tb.digits (i32.load offset=4 (local.get $frame)))))

(func $tb.write_frame (param $frame i32) (param $at i32) (result i32)
  (local $info i32) (local $n i32) (local $end i32)
  (local.set $info (i32.load (local.get $frame)))
  (local.set $n (i32.load offset=4 (local.get $frame)))
  (memory.copy (local.get $at) (i32.load (local.get $info)) (i32.load offset=4 (local.get $info)))
  (local.set $at (i32.add (local.get $at) (i32.load offset=4 (local.get $info))))
  (local.set $end (i32.add (local.get $at) (call $tb.digits (local.get $n))))
  (local.set $at (local.get $end))
  (loop $digit
    (local.set $at (i32.sub (local.get $at) (i32.const 1)))
    (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
    (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
    (br_if $digit (local.get $n)))
  (memory.copy (local.get $end) (i32.load offset=8 (local.get $info)) (i32.load offset=12 (local.get $info)))
  (i32.add (local.get $end) (i32.load offset=12 (local.get $info))))

;; Write the traceback's (pointer, length) at $out (a heap string, freed with the heap after the
;; call); only the error record's last line when there are no frames or no memory.
(func $tb.render (param $record i32) (param $out i32)
  (local $size i32) (local $i i32) (local $s i32) (local $at i32)
  (if (i32.eqz (global.get $tb.depth))
    (then (i64.store align=4 (local.get $out) (i64.load offset=16 align=4 (local.get $record))) (return)))
  (local.set $size (i32.add (i32.load (global.get $tb.header)) (i32.load offset=20 (local.get $record))))
  (local.set $i (global.get $tb.depth))
  (block $counted (loop $count
    (br_if $counted (i32.eqz (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $size (i32.add (local.get $size) (call $tb.frame_size
      (i32.add (global.get $tb.frames) (i32.shl (local.get $i) (i32.const 3))))))
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
    (local.set $at (call $tb.write_frame
      (i32.add (global.get $tb.frames) (i32.shl (local.get $i) (i32.const 3))) (local.get $at)))
    (br $copy)))
  (memory.copy (local.get $at) (i32.load offset=16 (local.get $record))
               (i32.load offset=20 (local.get $record)))
  (i32.store (local.get $out) (local.get $s))
  (i32.store offset=4 (local.get $out) (local.get $size))
  (global.set $tb.depth (i32.const 0)))
