package litewitness

import (
	"os/exec"
	"syscall"
)

// dieWithParent has Linux stop the witness if the server dies without
// stopping it (SIGKILL), so no orphan keeps the port and database.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
