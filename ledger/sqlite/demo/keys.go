package demo

// Passkeys of the demo: the auditors and the staff and admins of every
// organisation but Wuhan Central Hospital hold software passkeys (ledger/passkey, real
// WebAuthn assertions) enrolled and approved in the ledger, so most
// confirmations of the story are signed; Jinyintan Hospital requires
// signatures; Central Hospital has no keys yet, so its steps show
// "recorded by the platform, not signed", for contrast.

import (
	"context"
	"fmt"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/passkey"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// The relying party the demo's passkeys were enrolled for: the public site
// of the story, not the server the demo runs on (the demo's keys live in
// this process, not in anyone's phone).
const (
	demoRPID   = "demo.aidtrail.test"
	demoOrigin = "https://demo.aidtrail.test"
)

// sign makes a write as m: signed with m's demo passkey if m has one.
func (w *World) sign(ctx context.Context, m ledger.Member, write func(ctx context.Context) error) error {
	p, ok := w.Keys[m.User]
	if !ok {
		return write(ctx)
	}
	return p.SignedWrite(ctx, p.Enrolled, passkey.Options{}, write)
}

// seedKeys enrols a passkey for each admin and staff member of the
// organisations but Central Hospital: the admin approves the staff's key,
// the staff the admin's (an organisation has one admin); Jinyintan then
// requires signatures.
func (b *builder) seedKeys(ctx context.Context) {
	w := b.w
	w.Keys = map[int64]*passkey.Passkey{}
	orgs := append(append([]Org{}, w.DonorCompanies...), w.Logistics, w.Warehouse)
	orgs = append(orgs, w.Hospitals[:3]...) // not Central Hospital
	for _, o := range orgs {
		ctx := ledger.WithTime(ctx, w.Now)
		staff, err := b.enrol(ctx, o.Staff)
		if err != nil {
			b.err = err
			return
		}
		if _, err := b.s.ApproveKey(ctx, o.Admin, staff.ID()); err != nil {
			b.err = fmt.Errorf("demo key approval: %w", err)
			return
		}
		w.Keys[o.Staff.User] = staff
		admin, err := b.enrol(ctx, o.Admin)
		if err != nil {
			b.err = err
			return
		}
		if err := w.sign(ctx, o.Staff, func(ctx context.Context) error {
			_, err := b.s.ApproveKey(ctx, o.Staff, admin.ID())
			return err
		}); err != nil {
			b.err = fmt.Errorf("demo key approval: %w", err)
			return
		}
		w.Keys[o.Admin.User] = admin
		w.Now = w.Now.Add(3 * time.Minute)
	}
	// The auditors' keys, approved by the platform's admin: their reviews of
	// needs are signed too.
	for _, a := range w.Auditors {
		ctx := ledger.WithTime(ctx, w.Now)
		p, err := b.enrol(ctx, a)
		if err != nil {
			b.err = err
			return
		}
		if _, err := b.s.ApproveKey(ctx, w.PlatformAdmin, p.ID()); err != nil {
			b.err = fmt.Errorf("demo auditor key approval: %w", err)
			return
		}
		w.Keys[a.User] = p
	}
	jinyintan := w.Hospitals[1]
	if err := w.sign(ledger.WithTime(ctx, w.Now), jinyintan.Admin, func(ctx context.Context) error {
		_, err := b.s.SetSignaturePolicy(ctx, jinyintan.Admin, true)
		return err
	}); err != nil {
		b.err = fmt.Errorf("demo signature policy: %w", err)
	}
}

func (b *builder) enrol(ctx context.Context, m ledger.Member) (*passkey.Passkey, error) {
	p, err := passkey.New(demoRPID, demoOrigin, webauthncose.AlgES256)
	if err != nil {
		return nil, err
	}
	a, err := b.s.EnrolKey(ctx, m, p.CredentialID, p.Enrolment(0, 0))
	if err != nil {
		return nil, fmt.Errorf("demo key of member %d: %w", m.User, err)
	}
	p.Enrolled = a.Index
	return p, nil
}
