;; print's output: the bytes of a str object ([byte length][UTF-8]) written to WASI's stdout
;; in chunks of at most 4096 bytes (blocking-write-and-flush's limit; stdio.py declares the
;; imports). A failed write is dropped, as pywasm-runtime's sandbox drops output it cannot
;; write (CPython's print to a closed stream would raise; no host closes the guest's).
(func $io.print (param $s i32)
  (local $stream i32) (local $at i32) (local $left i32) (local $n i32)
  (local.set $stream (call $wasi.get_stdout))
  (local.set $at (i32.add (local.get $s) (i32.const 4)))
  (local.set $left (i32.load (local.get $s)))
  (block $done (loop $more
    (br_if $done (i32.eqz (local.get $left)))
    (local.set $n (select (i32.const 4096) (local.get $left)
      (i32.gt_u (local.get $left) (i32.const 4096))))
    (call $wasi.write (local.get $stream) (local.get $at) (local.get $n) (global.get $io.result))
    ;; result<_, stream-error>: a failed write's last-operation-failed(error) owns an error
    (if (i32.and (i32.load8_u (global.get $io.result))
                 (i32.eqz (i32.load8_u offset=4 (global.get $io.result))))
      (then (call $wasi.drop_error (i32.load offset=8 (global.get $io.result)))))
    (local.set $at (i32.add (local.get $at) (local.get $n)))
    (local.set $left (i32.sub (local.get $left) (local.get $n)))
    (br $more)))
  (call $wasi.drop_stream (local.get $stream)))
