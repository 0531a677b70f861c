package sqlite

import (
	"os"
	"syscall"
)

// datasync is fdatasync(2), as SQLite syncs its files on Linux.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
