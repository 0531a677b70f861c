package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/tessera/client"
	"golang.org/x/mod/sumdb/tlog"
)

// verifySubject verifies one lot, pledge or other subject quickly: it reads
// the entry bundles to find the subject's entries, but hashes and decodes
// only those (and the few entries that say who may sign), checks their
// prev links form one unbroken chain and their party signatures as the
// full run does, and proves each one's inclusion in the signed checkpoint
// from the served tiles, without recomputing the tree. (An entry of the subject hidden by the
// server breaks the chain of the next one; only a full run catches a hidden
// last entry.)
func verifySubject(ctx context.Context, cfg config, src source, cp *log.Checkpoint, prev *savedState, rep *report, progress io.Writer) {
	size := cp.Size
	pb, err := client.NewProofBuilder(ctx, size, src.ReadTile)
	if err != nil {
		rep.add(kindFetch, "%v", err)
		return
	}
	chains := ledger.Chains{}
	signers := ledger.NewState() // who may sign for whom, from the log
	subj := cfg.subject
	quoted := []byte(`"` + subj + `"`)
	eachEntry(ctx, cfg, src, size, false, rep, progress, func(d *readEntry) {
		index, data := d.index, d.data
		rep.Scanned++
		// Cheap filter: an entry naming the subject holds it verbatim,
		// unless its JSON uses escapes, which are then decoded too; so do
		// the entries its signatures are checked against.
		context := signatureContext(data)
		if !context && !bytes.Contains(data, quoted) && bytes.IndexByte(data, '\\') < 0 {
			return
		}
		e, err := ledger.Decode(data)
		if err != nil {
			if bytes.Contains(data, quoted) {
				rep.addAt(index, kindEntry, "does not decode: %v", err)
			}
			return
		}
		if !slices.Contains(e.Subjects, subj) {
			learnSigners(index, e, signers, false)
			return
		}
		rep.Entries++
		leaf := tlog.RecordHash(data)
		if err := chains.CheckSubject(index, e, subj); err != nil {
			rep.addAt(index, kindChain, "%v", err)
		}
		chains.Advance(index, leaf, e)
		checkSignatures(index, e, signers, rep)
		learnSigners(index, e, signers, true)
		p, err := pb.InclusionProof(ctx, uint64(index))
		if err != nil {
			rep.addAt(index, kindFetch, "cannot build the inclusion proof: %v", err)
			return
		}
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(index), size, leaf[:], p, cp.Hash); err != nil {
			rep.addAt(index, kindInclusion, "the entry as served is not in the signed tree of size %d: %v", size, err)
			return
		}
		rep.Chain = append(rep.Chain, chainLink{Index: index, Type: e.Type, Time: e.Time, Leaf: hex.EncodeToString(leaf[:])})
	})
	if rep.Entries == 0 && !rep.failed() {
		rep.add(kindSubject, "no entry of the log (size %d) names %s", size, subj)
	}
	if prev != nil {
		checkHistory(prev, cp, rep, func() error {
			p, err := pb.ConsistencyProof(ctx, uint64(prev.Size), size)
			if err != nil {
				return err
			}
			return proof.VerifyConsistency(rfc6962.DefaultHasher, uint64(prev.Size), size, p, prev.root[:], cp.Hash)
		})
	}
}
