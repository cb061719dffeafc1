"""The demo: events shaped like the real ones, with ticket holders. It sits above every module (it may use all)."""
