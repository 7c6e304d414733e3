"""End-to-end acceptance tests: real pack files, a real library, all three formats read back."""
