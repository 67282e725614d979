;; A raise whose message is known only at run time (a str object): a heap error record with the
;; static record's layout (type name, message, the traceback's last line "Name: message\n"),
;; freed with the heap after the call. $template is the static record of (exception, ""): its
;; type name and its last line "Name\n". An empty message raises the template itself (CPython
;; prints "Name" alone). MemoryError when the record does not fit.
(func $exc.raise_str (param $message i32) (param $template i32)
  (local $record i32) (local $name i32) (local $length i32) (local $at i32)
  (local.set $length (i32.load (local.get $message)))
  (if (i32.eqz (local.get $length)) (then (global.set $exc (local.get $template)) (return)))
  (local.set $name (i32.sub (i32.load offset=20 (local.get $template)) (i32.const 1)))
  (local.set $record (call $alloc.malloc
    (i32.add (i32.add (local.get $name) (local.get $length)) (i32.const 27))))
  (if (i32.eqz (local.get $record))
    (then (global.set $exc (global.get $err.out_of_memory)) (return)))
  (i64.store align=4 (local.get $record) (i64.load align=4 (local.get $template)))
  (i32.store offset=8 (local.get $record) (i32.add (local.get $message) (i32.const 4)))
  (i32.store offset=12 (local.get $record) (local.get $length))
  (local.set $at (i32.add (local.get $record) (i32.const 24)))
  (i32.store offset=16 (local.get $record) (local.get $at))
  (i32.store offset=20 (local.get $record)
    (i32.add (i32.add (local.get $name) (local.get $length)) (i32.const 3)))
  (memory.copy (local.get $at) (i32.load offset=16 (local.get $template)) (local.get $name))
  (local.set $at (i32.add (local.get $at) (local.get $name)))
  (i32.store16 (local.get $at) (i32.const 0x203a))  ;; ": "
  (memory.copy (i32.add (local.get $at) (i32.const 2)) (i32.add (local.get $message) (i32.const 4))
               (local.get $length))
  (i32.store8 (i32.add (i32.add (local.get $at) (i32.const 2)) (local.get $length)) (i32.const 10))
  (global.set $exc (local.get $record)))

;; str(e) of the exception whose error record is $record (``except E as e``): its message as a
;; new str object. MemoryError when it does not fit.
(func $exc.str (param $record i32) (result i32)
  (local $s i32) (local $length i32)
  (local.set $length (i32.load offset=12 (local.get $record)))
  (local.set $s (call $alloc.malloc (i32.add (local.get $length) (i32.const 4))))
  (if (i32.eqz (local.get $s))
    (then (global.set $exc (global.get $err.out_of_memory)) (return (i32.const 0))))
  (i32.store (local.get $s) (local.get $length))
  (memory.copy (i32.add (local.get $s) (i32.const 4)) (i32.load offset=8 (local.get $record))
               (local.get $length))
  (local.get $s))

;; e.args: () for an exception raised with no argument (its record's message pointer is 0:
;; codegen/data.py error_record), else (str(e),), a tuple[str, ...] (a list header).
(func $exc.args (param $record i32) (result i32)
  (local $l i32) (local $s i32)
  (if (i32.eqz (i32.load offset=8 (local.get $record)))
    (then (return (call $list.alloc (i32.const 0) (i32.const 0)))))
  (local.set $s (call $exc.str (local.get $record)))
  (if (i32.eqz (local.get $s)) (then (return (i32.const 0))))
  (local.set $l (call $list.alloc (i32.const 1) (i32.const 1)))
  (if (i32.eqz (local.get $l)) (then (return (i32.const 0))))
  (i64.store (i32.load offset=8 (local.get $l)) (i64.extend_i32_u (local.get $s)))
  (local.get $l))
