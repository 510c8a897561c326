// Placeholder entry point; the runner is built under tests/Conformance.
return 0;
