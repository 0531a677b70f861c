// Package litewitness runs real C2SP witnesses, litewitness from
// filippo.io/torchwood (pinned as a tool in go.mod), for the tests and the
// demo: each a separate process with its own database and Ed25519 key,
// which it reaches, as litewitness requires, through an ssh-agent socket
// (served here by golang.org/x/crypto/ssh/agent).
package litewitness

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	f_note "github.com/transparency-dev/formats/note"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/mod/sumdb/note"
)

// Packages are the witness's commands, as `go build` names them.
var Packages = []string{"filippo.io/torchwood/cmd/litewitness", "filippo.io/torchwood/cmd/witnessctl"}

// Build compiles litewitness and witnessctl into dir with the go command,
// at the versions go.mod pins. moduleDir is any directory of this module.
func Build(ctx context.Context, moduleDir, dir string) error {
	cmd := exec.CommandContext(ctx, "go", append([]string{"build", "-o", dir + string(filepath.Separator)}, Packages...)...)
	cmd.Dir = moduleDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building litewitness: %v\n%s", err, out)
	}
	return nil
}

// Options say how to run one witness.
type Options struct {
	Bin  string // directory holding the litewitness and witnessctl binaries
	Dir  string // its own directory: key, database, agent socket (created if needed)
	Name string // the witness's name, URL-like (e.g. witness1.aidtrail.example)
	// Addr is where it listens; "" picks a free loopback port.
	Addr string
	// Origin and LogVKey register the log it witnesses (on first start).
	Origin, LogVKey string
	Stderr          io.Writer // its log; nil discards it
}

// Process is a running witness.
type Process struct {
	Name string
	URL  string // its base URL (add-checkpoint is below it)
	VKey string // its cosignature/v1 verifier key
	Addr string

	cmd   *exec.Cmd
	agent net.Listener
	done  chan struct{}
	once  sync.Once
}

// Start runs a witness: it makes the key on first start (kept in Dir as an
// OpenSSH private key, which an operator could `ssh-add`), registers the
// log with witnessctl, serves the key over an ssh-agent socket and starts
// litewitness on loopback, returning once it answers.
func Start(ctx context.Context, o Options) (*Process, error) {
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, err
	}
	key, err := loadOrCreateKey(filepath.Join(o.Dir, "witness.key"))
	if err != nil {
		return nil, err
	}
	vkey, err := VKey(o.Name, key.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	db := filepath.Join(o.Dir, "litewitness.db")
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		for _, args := range [][]string{
			{"add-log", "-db", db, "-origin", o.Origin},
			{"add-key", "-db", db, "-origin", o.Origin, "-key", o.LogVKey},
		} {
			if out, err := exec.CommandContext(ctx, filepath.Join(o.Bin, "witnessctl"), args...).CombinedOutput(); err != nil {
				return nil, fmt.Errorf("witnessctl %s: %v\n%s", args[0], err, out)
			}
		}
	}
	sock := filepath.Join(o.Dir, "agent.sock")
	os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil, fmt.Errorf("ssh-agent socket: %w", err)
	}
	keyring := agent.NewKeyring()
	if err := keyring.Add(agent.AddedKey{PrivateKey: key}); err != nil {
		ln.Close()
		return nil, err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); agent.ServeAgent(keyring, c) }()
		}
	}()
	addr := o.Addr
	if addr == "" {
		if addr, err = freePort(); err != nil {
			ln.Close()
			return nil, err
		}
	}
	sshPub, err := ssh.NewPublicKey(key.Public())
	if err != nil {
		ln.Close()
		return nil, err
	}
	cmd := exec.Command(filepath.Join(o.Bin, "litewitness"), "-name", o.Name, "-db", db, "-ssh-agent", sock,
		"-key", ssh.FingerprintSHA256(sshPub), "-listen", addr)
	cmd.Stdout, cmd.Stderr = o.Stderr, o.Stderr
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		ln.Close()
		return nil, fmt.Errorf("starting litewitness: %w", err)
	}
	p := &Process{Name: o.Name, URL: "http://" + addr, VKey: vkey, Addr: addr, cmd: cmd, agent: ln, done: make(chan struct{})}
	go func() { cmd.Wait(); close(p.done) }()
	if err := p.waitReady(ctx); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// waitReady polls the witness's index page until it answers.
func (p *Process) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("litewitness %s exited at start", p.Name)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := http.Get(p.URL + "/")
		if err == nil {
			resp.Body.Close()
			return nil
		}
	}
	return fmt.Errorf("litewitness %s did not answer within 30 s", p.Name)
}

// Stop ends the witness (SIGINT, then SIGKILL after 5 s) and its agent.
func (p *Process) Stop() {
	p.once.Do(func() {
		p.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
		p.agent.Close()
	})
}

// VKey is the cosignature/v1 verifier key of a witness named name.
func VKey(name string, pub ed25519.PublicKey) (string, error) {
	vk, err := note.NewEd25519VerifierKey(name, pub)
	if err != nil {
		return "", err
	}
	return f_note.VKeyToCosignatureV1(vk)
}

func loadOrCreateKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		block, err := ssh.MarshalPrivateKey(priv, "aidtrail demo witness")
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
			return nil, fmt.Errorf("writing witness key: %w", err)
		}
		return priv, nil
	} else if err != nil {
		return nil, fmt.Errorf("reading witness key: %w", err)
	}
	k, err := ssh.ParseRawPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("witness key %s: %w", path, err)
	}
	priv, ok := k.(*ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("witness key %s is not Ed25519", path)
	}
	return *priv, nil
}

// freePort returns a loopback address with a port free right now.
func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
