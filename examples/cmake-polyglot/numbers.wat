;; A component written by hand in WAT: it implements the world
;; numbers-provider (exports example:polyglot/numbers@0.1.0).
(component
  (core module $m
    (func (export "square") (param i32) (result i32)
      (i32.mul (local.get 0) (local.get 0))))
  (core instance $i (instantiate $m))
  (func $square (param "x" u32) (result u32) (canon lift (core func $i "square")))
  (instance $numbers (export "square" (func $square)))
  (export "example:polyglot/numbers@0.1.0" (instance $numbers))
)
