package handlers

import (
	"net/http"

	"github.com/aidtrail/aidtrail/static"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// routes is the whole URL surface. Public URLs are a contract: printed QR
// codes point at /t/{code} for years.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer, s.logRequests, securityHeaders)
	r.Use(http.NewCrossOriginProtection().Handler)
	r.Use(middleware.ClientIPFromRemoteAddr, s.withMember, s.withPage, s.withSigning)
	// HEAD is answered as GET without the body (a CDN or link checker
	// probing a printed /t/{code}); GET never changes state.
	r.Use(middleware.GetHead)
	r.NotFound(s.notFound)

	r.Get("/healthz", s.handleHealthz)
	// Public pages (r.With(s.publicPage)) carry an ETag and a short public
	// Cache-Control for anonymous readers (cache.go).
	r.Handle("/static/*", http.StripPrefix("/static/", staticFiles(static.FS)))

	// C2SP tlog-tiles and the live-update stream, for machines: errors in
	// plain text.
	r.Group(func(r chi.Router) {
		r.Use(answerErrorsAsText)
		r.Get("/checkpoint", s.handleCheckpoint)
		r.Head("/checkpoint", s.handleCheckpoint)
		r.Get("/tile/entries/*", s.handleEntryBundle)
		r.Head("/tile/entries/*", s.handleEntryBundle)
		r.Get("/tile/{level}/*", s.handleTile)
		r.Head("/tile/{level}/*", s.handleTile)
		r.Get("/verify/key", s.handleVerifierKey)
		r.Get("/events", s.handleEvents)
	})

	r.With(s.publicPage).Get("/", s.handleHome)

	// Public face: ledger browser, entry proofs, verification, open data.
	r.With(s.publicPage).Get("/ledger", s.handleLedger)
	r.With(s.publicPage).Get("/ledger/{index}", s.handleEntry)
	r.With(s.publicPage).Get("/verify", s.handleVerify)
	r.Get("/data", http.RedirectHandler("/data/", http.StatusMovedPermanently).ServeHTTP)
	r.Get("/data/", s.handleDataIndex)
	r.Get("/data/entries.jsonl", s.handleEntriesExport)
	r.Get("/data/epcis.jsonld", s.handleEPCISExport)
	r.Get("/data/iati.xml", s.handleIATIExport)
	r.Get("/data/{name}", s.handleTableExport)
	r.With(s.publicPage).Get("/orgs/{id}", s.handleOrg)
	r.With(s.publicPage).Get("/items/{item}", s.handleItem)
	r.Post("/lang", s.handleSetLang)

	// Accounts: sign-up, sign-in (throttled per IP here, per account in the
	// handler), sign-out, own account, password.
	r.Get("/login", s.handleLoginForm)
	r.With(s.limitByIP(s.loginsPerIP)).Post("/login", s.handleLogin)
	r.Get("/signup", s.handleSignupForm)
	r.With(s.limitByIP(s.loginsPerIP)).Post("/signup", s.handleSignup)
	r.Post("/logout", s.handleLogout)
	r.Get("/account", s.handleAccount)
	r.Get("/account/password", s.handlePasswordForm)
	r.With(s.limitByIP(s.loginsPerIP)).Post("/account/password", s.handlePassword)

	// Passkeys (keys.go): enrolment, approval, revocation, the signature
	// policy; signing itself is withSigning on every confirmation.
	r.Get("/account/keys", s.handleKeys)
	r.Post("/account/keys/options", s.handleKeyOptions)
	r.Post("/account/keys", s.handleEnrolKey)
	r.Post("/account/keys/{id}/approve", s.handleApproveKey)
	r.Post("/account/keys/{id}/revoke", s.handleRevokeKey)
	r.Post("/account/keys/policy", s.handleKeyPolicy)

	// Organisations: registration, the admin's members page, staff
	// invitations by one-time link, removal.
	r.Get("/orgs/register", s.handleRegisterOrgForm)
	r.Post("/orgs/register", s.handleRegisterOrg)
	r.Get("/org/members", s.handleOrgMembers)
	r.Post("/org/invites", s.handleCreateInvite)
	r.Get("/org/invites", s.handleInviteMade)
	r.Post("/org/members/{user}/remove", s.handleRemoveMember)
	r.Get("/invite/{token}", s.handleInvite)
	r.Post("/invite/{token}", s.handleAcceptInvite)
	r.Get("/invite/{token}/signup", s.handleInviteSignupForm)
	r.With(s.limitByIP(s.loginsPerIP)).Post("/invite/{token}/signup", s.handleInviteSignup)

	// Needs and pledges: the public board and need pages (HTML and JSON),
	// pledging with its receipt, the donor's and recipient's own pages,
	// need review, the catalogue; /t/{code} and its QR codes (trace.go).
	r.With(s.publicPage).Get("/needs", s.handleNeedsBoard)
	r.With(s.publicPage).Get("/needs.json", s.handleNeedsBoardJSON)
	r.With(s.publicPage).Get("/needs/{id}", s.handleNeed)
	r.Post("/needs/{id}/review", s.handleReviewNeed)
	r.Get("/pledge", s.handlePledgeForm)
	r.Post("/pledge", s.handlePledge)
	r.Get("/my/donations", s.handleMyDonations)
	r.Get("/my/donations/{code}", s.handleDonation)
	r.Post("/my/donations/{code}/cancel", s.handleCancelPledge)
	r.Get("/prove", s.handleProveForm)
	r.With(s.limitByIP(s.loginsPerIP)).Post("/prove", s.handleProve)
	r.Get("/my/needs", s.handleMyNeeds)
	r.Get("/my/needs/new", s.handleNewNeedForm)
	r.Post("/my/needs", s.handleCreateNeed)
	r.Get("/my/needs/{id}", s.handleMyNeed)
	r.Post("/my/needs/{id}", s.handleEditNeed)
	r.Post("/my/needs/{id}/submit", s.handleSubmitNeed)
	r.Post("/my/needs/{id}/update", s.handleUpdateNeed)
	r.Post("/my/needs/{id}/close", s.handleCloseNeed)
	r.Get("/catalogue", s.handleCatalogue)
	r.Post("/catalogue", s.handleAddItem)
	r.With(s.publicPage).Get("/t/{code}", s.handleTrace)
	r.Get("/t/{code}/qr.png", s.handleTraceQRPNG)
	r.Get("/t/{code}/qr.svg", s.handleTraceQRSVG)

	// Money: the public funds page; an organisation's money desk: money
	// received for pledges, passed on and confirmed, spent (purchases with
	// invoices, overheads). A money pledge's trace is on /t/{code}.
	r.With(s.publicPage).Get("/funds", s.handleFunds)
	r.Get("/funds/desk", s.handleMoneyDesk)
	r.Post("/funds/receive", s.handleReceiveMoney)
	r.Post("/funds/disburse", s.handleDisburse)
	r.Post("/funds/transfers/{id}/confirm", s.handleConfirmTransfer)
	r.Post("/funds/transfers/{id}/reject", s.handleRejectTransfer)
	r.Post("/funds/spend", s.handleSpend)

	// Review queue (auditors), access log of private data, evidence files.
	r.Get("/review", s.handleReviewQueue)
	r.Post("/review/orgs/{id}", s.handleReviewOrg)
	r.Get("/review/access-log", s.handleAccessLog)
	r.Get("/files/{sha256}", s.handleFile)

	// Custody: a lot's actions on the phone (its page is /t/{code} above),
	// shipments, stock and labels (lots.go).
	r.Get("/scan", s.handleScan)
	r.Get("/t/{code}/receive", s.handleReceivePledgeForm)
	r.Post("/t/{code}/receive", s.handleReceivePledge)
	r.Post("/t/{code}/hand-on", s.handleHandOnPledge)
	r.Post("/t/{code}/split", s.handleSplitLot)
	r.Post("/t/{code}/dispatch", s.handleDispatchLot)
	r.Post("/t/{code}/use", s.handleUseLot)
	r.Post("/t/{code}/write-off", s.handleWriteOffLot)
	r.Post("/t/{code}/count", s.handleCountLot)
	r.Post("/t/{code}/count/{entry}/review", s.handleReviewCount)
	r.Post("/t/{code}/unpack", s.handleUnpackLot)
	r.Post("/t/{code}/correct", s.handleCorrectLot)
	r.Get("/t/{code}/label.png", s.handleLabelPNG)
	r.Get("/done", s.handleDone)
	r.Get("/labels", s.handleLabels)
	r.Get("/handoffs/{id}", s.handleHandoff)
	r.Post("/handoffs/{id}/pickup", s.handlePickup)
	r.Post("/handoffs/{id}/deliver", s.handleDelivery)
	r.Post("/handoffs/{id}/receive", s.handleReceipt)
	r.Post("/handoffs/{id}/reject", s.handleReject)
	r.Get("/stock", s.handleStock)
	r.Post("/stock/pack", s.handlePackLots)
	return r
}
