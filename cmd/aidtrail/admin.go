package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

const adminUsage = `usage: aidtrail admin create-user -email ADDRESS -role admin|auditor [-name NAME] [-password-stdin] [-data DIR]

Creates a platform account and prints its initial password (or reads one
from the first line of standard input with -password-stdin).
`

func admin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create-user" {
		fmt.Fprint(stderr, adminUsage)
		return errors.New("unknown admin command")
	}
	fs := flag.NewFlagSet("admin create-user", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, adminUsage); fs.PrintDefaults() }
	var c config
	c.flags(fs, getenv)
	email := fs.String("email", "", "the account's e-mail address")
	role := fs.String("role", "", "admin (platform admin) or auditor")
	name := fs.String("name", "", "the person's name (private)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *role != ledger.RoleAdmin && *role != ledger.RoleAuditor {
		return fmt.Errorf("-role must be admin or auditor, not %q", *role)
	}
	if err := c.resolve(); err != nil {
		return err
	}
	password, err := rand.Text(), error(nil) // 26 base-32 characters, 128 bits
	if *fromStdin {
		password, err = bufio.NewReader(stdin).ReadString('\n')
		if errors.Is(err, io.EOF) && password != "" {
			err = nil
		}
		password = strings.TrimRight(password, "\r\n")
	}
	if err != nil {
		return fmt.Errorf("reading the password: %w", err)
	}
	store, err := c.openStore(ctx, newLogger(stderr, c.logLevel))
	if err != nil {
		return err
	}
	defer store.Close()
	id, err := store.CreateUser(ctx, sqlite.NewUser{Email: *email, Password: password, DisplayName: *name, Org: ledger.PlatformOrgID, Role: *role})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (user %d)\n", *role, strings.ToLower(strings.TrimSpace(*email)), id)
	if !*fromStdin {
		fmt.Fprintf(stdout, "initial password: %s\nsign in and change it at %s/account/password\n", password, strings.TrimSuffix(c.baseURL, "/"))
	}
	return nil
}
