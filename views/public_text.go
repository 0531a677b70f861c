package views

// PublicText is the public face: ledger browser, entry proofs, the verify
// page, open data and the plain-words descriptions of entries.
type PublicText struct {
	// Ledger browser.
	LedgerTitle, LedgerLead                       string
	FilterType, FilterOrg, FilterItem, FilterAny  string
	FilterFrom, FilterTo, FilterApply, FilterNone string
	ColIndex, ColTime, ColWhat, ColLeaf           string
	Older, Newer, NoEntries, Paging               string
	FirstPage, NextPage                           string // keyset-paged lists
	AllNeeds                                      string // link from the first open needs to the board
	// One entry.
	EntryTitle       string // "Entry %d"
	Verified         string // "verified against checkpoint %d"
	NotVerified      string
	LeafHash         string
	LeafHashHelp     string
	Pretty, Exact    string
	ExactHelp        string
	Proof, ProofHelp string // ProofHelp: "%d hashes ... size %d"
	ProofEmpty       string
	CheckpointTitle  string
	PrevTitle        string
	PrevNone         string
	NextTitle        string
	NextNone         string
	SubjectsTitle    string
	AsJSON           string
	ChainOf          string // "%s: entry %d"
	EntryType, Actor string
	Undecodable      string
	// Verify page.
	VerifyTitle, VerifyLead     string
	KeyTitle, KeyHelp           string
	LatestTitle, LatestHelp     string
	HistoryTitle, HistoryHelp   string
	ColSize, ColRoot, ColSigned string
	OlderCheckpoints            string
	ToolTitle, ToolLead         string
	ToolSteps                   []string
	ToolFlags                   []Flag
	TlogTitle, TlogLead         string
	TlogSteps                   []string
	// Open data.
	DataTitle, DataLead, DataColumns string
	ColName, ColMeaning              string
	DataDownload                     string
	Exports                          []ExportDoc
	// Names in descriptions.
	SystemActor, PersonalDonor, OrgNumber string // OrgNumber: "organisation %d"
	OrgKinds                              map[string]string
	Stage                                 map[int]string
	SubjectNames                          map[string]string // kind -> "need %s"
	// Descriptions of entries, one per type.
	DescItemAdded, DescItemStandard string
	DescOrgRegistered               string
	DescApproved, DescRejected      string
	DescUnknown                     string
	// Custody descriptions.
	DescLotReceived, DescLotSplit, DescLotPacked, DescLotUnpacked string
	DescLotUsed, DescWrittenOff                                   string
	DescDispatched, DescVia, DescPickedUp, DescDelivered          string
	DescReceived, DescReceivedFrom, DescShort, DescRejected2      string
	DescCorrected                                                 string
	LotQty, LotRef, Join, ListSep, Dash                           string
	Reasons                                                       map[string]string
	// Charts.
	ChartEmpty, ChartTable, ChartDay string
	FlowFrom, FlowTo, FlowQty        string
	// Transparency page.
	TotalsTitle, TotalsHelp, ColItem, ColUnit           string
	ColReceived, ColDelivered, ColUsed, ColWrittenOff   string
	ChartsTitle, LatestTitle2, AllEntries, NoMovement   string
	ChartDelivered, ChartDeliveredDesc, SeriesDelivered string
	ChartUsed, ChartUsedDesc, ChartFlow, ChartFlowDesc  string
	Donors, AnonymousDonors, SeriesNeeded               string
	ColPledged, MoneyTitle, ColCurrency, ColAmount      string
	ColMoneyIn, ColSpent, Purchased, MoneyHelp          string
	NeedsTitle, NeedsNone, ColNeeded, ColProgress       string
	ChartTopUsers, ChartTopFlows                        string // "%d": how many are drawn
	ItemAllUsers, ItemAllFlows                          string // links to the item's page
	// One item's figures (/items/{id}).
	ItemTitle, ItemLead, ItemUsers, ItemUsersNone string
	ItemFlows, ItemFlowsNone, ColOrg, ItemEntries string
	// An organisation's record.
	OrgItems, OrgNoItems, OrgStock, OrgNoStock  string
	OrgDiscrepancies, OrgNoDiscrepancies        string
	ColSent, ColLot, ColHeld, ColSince, ColDays string
	ColReason                                   string
	// Live updates.
	LiveNotice string
}

// Flag documents one aidtrail-verify flag.
type Flag struct{ Name, Help string }

// ExportDoc documents one open-data file and its columns.
type ExportDoc struct {
	File, Title, About string
	Columns            []Flag
}

var enPublic = PublicText{
	LedgerTitle: "Ledger",
	LedgerLead:  "Every change is an entry in this public, append-only log, newest first. Each is signed into the tree that anyone can check.",
	FilterType:  "Entry type", FilterOrg: "Organisation", FilterItem: "Item", FilterAny: "Any",
	FilterFrom: "From (date, UTC)", FilterTo: "To (date, UTC, inclusive)", FilterApply: "Show", FilterNone: "Clear filters",
	ColIndex: "Index", ColTime: "Time (UTC)", ColWhat: "What happened", ColLeaf: "Leaf hash",
	Older: "Older entries", Newer: "Newer entries", NoEntries: "No entries match these filters.", Paging: "Pages",
	FirstPage: "First page", NextPage: "Next page", AllNeeds: "All open needs, most urgent first",

	EntryTitle:      "Entry %d",
	Verified:        "Verified: this entry is included in the signed checkpoint of size %d.",
	NotVerified:     "Not verified: this entry's stored bytes do not match the signed tree. It may have been altered.",
	LeafHash:        "Leaf hash",
	LeafHashHelp:    "SHA-256 of the byte 0x00 followed by the entry's exact bytes (RFC 6962).",
	Pretty:          "Entry, formatted for reading",
	Exact:           "Entry, exact bytes as stored and hashed",
	ExactHelp:       "These bytes, not the formatted view, are what the leaf hash covers.",
	Proof:           "Inclusion proof",
	ProofHelp:       "%d hashes which, combined with the leaf hash in order, rebuild the root of the tree of size %d.",
	ProofEmpty:      "The tree holds only this entry: its leaf hash is the root.",
	CheckpointTitle: "Signed checkpoint it was checked against",
	PrevTitle:       "Entries it points to (previous entry of each subject)",
	PrevNone:        "This is the first entry of each of its subjects.",
	NextTitle:       "Entries pointing to it (next entry of each subject)",
	NextNone:        "No later entry about its subjects yet.",
	SubjectsTitle:   "Subjects",
	AsJSON:          "This entry and its proof as JSON",
	ChainOf:         "%s: entry %d",
	EntryType:       "Type", Actor: "Made by",
	Undecodable: "This entry does not decode.",

	VerifyTitle:  "Verify the ledger yourself",
	VerifyLead:   "You do not need to trust this server. The ledger is a Merkle tree in the C2SP transparency-log formats; with the public key below, any standard client can check that every entry is included and that history was never rewritten.",
	KeyTitle:     "The log's public key",
	KeyHelp:      "Note verifier key (Ed25519). Compare it with a copy from a source you trust (an announcement, a printed notice): a key taken from the server you are checking proves nothing. Also at /verify/key.",
	LatestTitle:  "Latest signed checkpoint",
	LatestHelp:   "Origin, tree size and root hash, signed with the key above. Served at /checkpoint.",
	HistoryTitle: "Checkpoint history",
	HistoryHelp:  "Every checkpoint ever signed is kept. Two checkpoints that disagree about the same entries would prove a rewrite.",
	ColSize:      "Tree size", ColRoot: "Root hash (base64)", ColSigned: "Signed (UTC)",
	OlderCheckpoints: "Older checkpoints",
	ToolTitle:        "With aidtrail-verify",
	ToolLead:         "aidtrail-verify needs only this site's public URL and the key. It recomputes the whole tree from the entries, checks every hash tile, every entry's format and hash chain, and every rule of the domain (stock, custody, conservation), then remembers the checkpoint so that a rewrite is caught next time.",
	ToolSteps: []string{
		"Install Go (1.24 or newer) and run: go install github.com/aidtrail/aidtrail/cmd/aidtrail-verify@latest",
		"Save the public key above in a file, for example aidtrail.vkey, after comparing it with a trusted copy.",
		"Run: aidtrail-verify -url %s -key @aidtrail.vkey",
		"It exits with status 0 and prints a summary only if everything holds; otherwise it names the first entry that fails.",
		"Run it again later (for example daily): it checks that the new checkpoint extends the one it verified before.",
	},
	ToolFlags: []Flag{
		{"-url URL", "base URL of the log (where /checkpoint and /tile/ are served)"},
		{"-dir PATH", "verify a static copy (mirror) of the checkpoint and tiles instead"},
		{"-key VKEY or -key @FILE", "the log's verifier key (or the AIDTRAIL_VERIFY_KEY variable)"},
		{"-lot CODE, -pledge CODE", "verify one lot or pledge only: its hash chain and the inclusion of its entries"},
		{"-subject KIND:ID", "verify one subject only, for example need:12"},
		{"-state FILE, -no-state", "where the last verified checkpoint is kept (default: your cache directory), or keep none"},
		{"-json", "print a machine-readable report"},
		{"-exports=false", "do not compare the open data of /data/ with the log (compared by default with -url)"},
		{"-workers N, -timeout D, -progress N", "concurrent fetches, per-request timeout, progress every N bundles"},
	},
	TlogTitle: "With any C2SP tlog client",
	TlogLead:  "The log serves the standard tlog-tiles layout, so tools such as the transparency-dev tessera client verify it unchanged.",
	TlogSteps: []string{
		"Fetch the checkpoint: GET %s/checkpoint. Check its signature with the key above (golang.org/x/mod/sumdb/note) and read the tree size and root.",
		"Fetch hash tiles: GET /tile/<L>/<N>, and for the last, partial tile /tile/<L>/<N>.p/<W> (tile height 8, index in the x001/234 form).",
		"Fetch entries: GET /tile/entries/<N> (256 entries per bundle, each prefixed by its 16-bit big-endian length), or the partial /tile/entries/<N>.p/<W>.",
		"Hash each entry as an RFC 6962 leaf, rebuild the tree and compare its root with the checkpoint; for one entry, check the inclusion proof shown on its page.",
		"Keep the checkpoint: a later one must be consistent with it (a consistency proof from the tiles).",
	},

	DataTitle:    "Open data",
	DataLead:     "Everything here is re-derivable from the ledger alone, and aidtrail-verify checks it. Each row carries the index and leaf hash of the entry it comes from, so any figure can be checked against the signed tree. CSV files are UTF-8, comma-separated, with a header row (RFC 4180). No personal data: donors who chose anonymity stay anonymous, and no e-mail, phone number, address or bank reference is published.",
	DataColumns:  "Columns",
	ColName:      "Column",
	ColMeaning:   "Meaning",
	DataDownload: "Download",
	Exports: []ExportDoc{
		{File: "entries.jsonl", Title: "Every ledger entry", About: "JSON Lines (application/jsonl): one JSON object per line, in log order, up to the latest signed checkpoint.", Columns: []Flag{
			{"index", "the entry's position in the log, from 0"},
			{"leaf_hash", "hex of its RFC 6962 leaf hash (SHA-256 of 0x00 followed by the entry bytes)"},
			{"entry", "the entry exactly as stored: v (format version), type, time (UTC), actor (org and user ids, never names), subjects, prev (index and leaf hash of each subject's previous entry), body (type-specific)"},
		}},
		{File: "needs.csv", Title: "Needs", About: "One row per line of every need submitted by a recipient, as it stands now.", Columns: []Flag{
			{"need", "the need's id (its page is /needs/ID)"}, {"line", "line number within the need"},
			{"org", "id of the organisation that needs it"}, {"org_name", "its registered name"},
			{"status", "submitted, published, rejected or closed"}, {"title", "the need's title"},
			{"item", "catalogue item id"}, {"spec", "specification or standard asked for"}, {"unit", "unit of the quantities"},
			{"quantity", "quantity needed"}, {"urgency", "critical, high or normal"}, {"deadline", "needed by (YYYY-MM-DD)"},
			{"place", "delivery city and district (never a street address)"},
			{"pledged", "quantity pledged against this line, cancelled pledges deducted"},
			{"delivered", "quantity of the item the organisation confirmed receiving from pledges for this need (counted on the item's first line)"},
			{"entry_index", "index of the need's latest entry"}, {"entry_leaf_hash", "hex leaf hash of that entry"},
		}},
		{File: "pledges.csv", Title: "Pledges", About: "One row per line of every pledge of goods, one row per pledge of money.", Columns: []Flag{
			{"pledge", "the pledge's tracking code (its page is /t/CODE)"}, {"status", "pledged, received or cancelled"},
			{"kind", "goods or money"}, {"donor", "the public name the donor chose, or anonymous"},
			{"need", "the need it answers, if any"}, {"need_line", "the need line it answers, if any"},
			{"item", "catalogue item id (goods)"}, {"unit", "unit (goods)"}, {"quantity", "quantity pledged (goods)"},
			{"currency", "ISO currency code (money)"}, {"amount_minor", "amount in minor units, e.g. fen or cents (money)"},
			{"due", "when it is to be handed over (YYYY-MM-DD)"},
			{"entry_index", "index of the pledge's latest entry"}, {"entry_leaf_hash", "hex leaf hash of that entry"},
		}},
		{File: "lots.csv", Title: "Lots", About: "One row per lot (a quantity of one item, or a pack, or money), as it stands now.", Columns: []Flag{
			{"lot", "the lot's code, printed on its QR label (its page is /t/CODE)"}, {"item", "catalogue item id (empty for a pack; money for money)"},
			{"spec", "specification (for a pack: its description)"}, {"unit", "unit (a currency code for money)"},
			{"batch", "manufacturer's batch"}, {"expiry", "expiry date (YYYY-MM-DD)"}, {"condition", "good, damaged or substandard"},
			{"quantity", "quantity when the lot was made"}, {"origin_pledge", "the pledge it comes from"},
			{"parent", "the lot it was split or received from"}, {"pack", "the pack it is in, if any"},
			{"holder", "id of the organisation holding it (empty if lost)"}, {"holder_name", "its registered name"},
			{"held", "quantity held there now"}, {"in_transit", "quantity in shipments not yet confirmed"},
			{"since", "when the holder got it (UTC)"}, {"created_entry", "index of the entry that made the lot"},
			{"entry_index", "index of the lot's latest entry"}, {"entry_leaf_hash", "hex leaf hash of that entry"},
		}},
		{File: "handoffs.csv", Title: "Shipments", About: "One row per lot of every shipment (handoff) from a sender to a receiver.", Columns: []Flag{
			{"handoff", "shipment id"}, {"from", "sender's organisation id"}, {"from_name", "sender's name"},
			{"to", "receiver's organisation id"}, {"to_name", "receiver's name"}, {"via", "carrier's organisation id, if any"}, {"via_name", "carrier's name"},
			{"status", "dispatched, picked_up, delivered, received or rejected"}, {"dispatched", "when it was dispatched (UTC)"},
			{"lot", "lot code"}, {"sent", "quantity sent"}, {"received", "quantity the receiver confirmed (empty until confirmed)"},
			{"condition", "condition on arrival"}, {"reason", "reason for a difference: damaged, missing, substandard, wrong_item or other"},
			{"note", "the receiver's note"}, {"new_lot", "code of the new lot at the receiver when part of a lot was sent"},
			{"entry_index", "index of the shipment's latest entry"}, {"entry_leaf_hash", "hex leaf hash of that entry"},
		}},
		{File: "funds.csv", Title: "Money", About: "One row per money receipt and per money lot spent from. Bank references stay private.", Columns: []Flag{
			{"entry_index", "index of the entry"}, {"entry_leaf_hash", "hex leaf hash of the entry"},
			{"type", "money.received or money.spent"}, {"time", "entry time (UTC)"},
			{"org", "id of the organisation that received or spent it"}, {"org_name", "its registered name"},
			{"currency", "ISO currency code"}, {"amount_minor", "amount in minor units (fen, cents)"},
			{"pledge", "the money pledge received (receipts)"}, {"lot", "the money lot received into or spent from"},
			{"category", "what it was spent on: supplies, bank_fee, transport, storage, admin or other"},
			{"supplier", "supplier's name (spending)"}, {"purpose", "purpose (spending)"}, {"date", "value or invoice date (YYYY-MM-DD)"},
			{"invoice_sha256", "SHA-256 of the invoice file"}, {"bought", "codes of the lots of supplies bought, space-separated"},
		}},
	},

	SystemActor:   "the platform",
	PersonalDonor: "an individual donor",
	OrgNumber:     "organisation %d",
	OrgKinds:      map[string]string{"platform": "platform", "donor": "donor company", "logistics": "logistics firm", "warehouse": "warehouse", "recipient": "recipient"},
	Stage:         map[int]string{1: "review", 2: "re-review"},
	SubjectNames:  map[string]string{"org": "organisation %s", "need": "need %s", "pledge": "pledge %s", "lot": "lot %s", "item": "item %s", "handoff": "handoff %s", "user": "user %s"},

	DescItemAdded:      "Catalogue item added: %s, counted in %s",
	DescItemStandard:   " (standard %s)",
	DescOrgRegistered:  "%s registered as a %s (registration no. %s)",
	DescApproved:       "An auditor approved %s (%s)",
	DescRejected:       "An auditor rejected %s (%s): %s",
	DescUnknown:        "%s entry",
	LiveNotice:         "This page updates itself when new entries arrive.",
	ChartEmpty:         "Nothing to chart yet.",
	TotalsTitle:        "Supplies so far",
	TotalsHelp:         "Re-derived from the ledger: received = first confirmed by a custodian; delivered = confirmed received by a recipient; used = recorded as distributed or consumed (corrections deducted); written off = lost, damaged or expired.",
	ColItem:            "Item",
	ColUnit:            "Unit",
	ColReceived:        "Received",
	ColDelivered:       "Delivered",
	ColUsed:            "Used",
	ColWrittenOff:      "Written off",
	ChartsTitle:        "Over time and where it went",
	LatestTitle2:       "Latest entries",
	AllEntries:         "All entries",
	NoMovement:         "No supplies have been received yet.",
	ChartDelivered:     "%s needed and delivered over time",
	ChartDeliveredDesc: "Step chart: running totals of %s (in %s) asked for in published needs and confirmed received by recipients, by day. The table below gives the same figures.",
	SeriesDelivered:    "delivered",
	ChartUsed:          "%s used, by recipient",
	ChartUsedDesc:      "Line chart: running total of %s (in %s) each recipient recorded as used, by day. The table below gives the same figures.",
	ChartFlow:          "Where %s went",
	ChartFlowDesc:      "Flow chart: quantities of %s (in %s) from donors through warehouses to recipients; band widths are proportional to quantities. The table below lists the flows drawn.",
	ChartTopUsers:      "The %d organisations that used most are drawn.",
	ChartTopFlows:      "The %d largest flows are drawn.",
	ItemAllUsers:       "Every organisation that used it",
	ItemAllFlows:       "Every flow",
	ItemTitle:          "%s: where it went",
	ItemLead:           "Re-derived from the ledger: the organisations that used this item, most first, and every flow of it between donors and organisations, largest first.",
	ItemUsers:          "Used by",
	ItemUsersNone:      "No organisation has recorded using it yet.",
	ItemFlows:          "Flows",
	ItemFlowsNone:      "None of it has moved yet.",
	ColOrg:             "Organisation",
	ItemEntries:        "Every entry about this item",
	Donors:             "Donors",
	AnonymousDonors:    "Anonymous donors",
	OrgItems:           "Received, sent and used",
	OrgNoItems:         "No supplies have passed through this organisation yet.",
	OrgStock:           "Stock held now",
	OrgNoStock:         "It holds no stock.",
	OrgDiscrepancies:   "Discrepancies reported by it or about it",
	OrgNoDiscrepancies: "No discrepancies.",
	ColSent:            "Sent",
	ColLot:             "Lot",
	ColHeld:            "Held",
	ColSince:           "Held since (UTC)",
	ColDays:            "Days held",
	ColReason:          "Reason",
	SeriesNeeded:       "needed",
	ColPledged:         "Pledged",
	MoneyTitle:         "Money",
	ColMoneyIn:         "Received",
	ColSpent:           "Spent",
	Purchased:          "Bought with donated money",
	MoneyHelp:          "Pledged (cancelled pledges deducted), received on the charity's account, and spent (on supplies, transport, fees), in each currency.",
	ColCurrency:        "Currency",
	ColAmount:          "Amount",
	NeedsTitle:         "Open needs",
	NeedsNone:          "No needs are open right now.",
	ColNeeded:          "Needed",
	ColProgress:        "Delivered of needed",
	ChartTable:         "The figures as a table",
	ChartDay:           "Day",
	FlowFrom:           "From",
	FlowTo:             "To",
	FlowQty:            "Quantity",

	DescLotReceived:  "%s received pledge %s as %s",
	DescLotSplit:     "%s split lot %s into %s",
	DescLotPacked:    "%s packed %s into %s (%s)",
	DescLotUnpacked:  "%s unpacked %s",
	DescLotUsed:      "%s used %s for %s on %s",
	DescWrittenOff:   "%s wrote off %s (%s): %s",
	DescDispatched:   "%s dispatched %s to %s",
	DescVia:          " via %s",
	DescPickedUp:     "%s picked up shipment %d",
	DescDelivered:    "%s delivered shipment %d",
	DescReceived:     "%s confirmed receipt of %s",
	DescReceivedFrom: " from %s",
	DescShort:        "%s of %s",
	DescRejected2:    "%s refused shipment %d (%s)",
	DescCorrected:    "%s declared entry %d wrong: %s",
	LotQty:           "%s of %s",
	LotRef:           "%s (lot %s)",
	Join:             ", ",
	ListSep:          "; ",
	Dash:             " — ",
	Reasons: map[string]string{"good": "good", "damaged": "damaged", "missing": "missing", "substandard": "substandard", "wrong_item": "wrong item", "other": "other reason",
		"loss": "loss", "damage": "damage", "expiry": "expiry", "destruction": "destruction"},
}

var zhPublic = PublicText{
	LedgerTitle: "账本",
	LedgerLead:  "每一次变更都是这本公开、只增不改的账本中的一条记录，最新的在前。每条记录都签入任何人都能检验的哈希树。",
	FilterType:  "记录类型", FilterOrg: "机构", FilterItem: "物品", FilterAny: "全部",
	FilterFrom: "起始日期（UTC）", FilterTo: "截止日期（UTC，含当天）", FilterApply: "显示", FilterNone: "清除筛选",
	ColIndex: "序号", ColTime: "时间（UTC）", ColWhat: "发生了什么", ColLeaf: "叶哈希",
	Older: "更早的记录", Newer: "更新的记录", NoEntries: "没有符合筛选条件的记录。", Paging: "翻页",
	FirstPage: "第一页", NextPage: "下一页", AllNeeds: "全部待满足的需求（最紧急的在前）",

	EntryTitle:      "第 %d 条记录",
	Verified:        "已验证：此记录包含在大小为 %d 的已签名检查点中。",
	NotVerified:     "未通过验证：此记录存储的字节与已签名的哈希树不符，可能已被篡改。",
	LeafHash:        "叶哈希",
	LeafHashHelp:    "字节 0x00 加上记录原始字节的 SHA-256（RFC 6962）。",
	Pretty:          "记录（格式化显示）",
	Exact:           "记录（存储并计算哈希的原始字节）",
	ExactHelp:       "叶哈希覆盖的是这些原始字节，而不是上面的格式化显示。",
	Proof:           "包含证明",
	ProofHelp:       "共 %d 个哈希，与叶哈希依次组合，可重建大小为 %d 的哈希树的根。",
	ProofEmpty:      "树中只有这一条记录：它的叶哈希就是根。",
	CheckpointTitle: "用于检验的已签名检查点",
	PrevTitle:       "它指向的记录（各对象的上一条记录）",
	PrevNone:        "这是其各个对象的第一条记录。",
	NextTitle:       "指向它的记录（各对象的下一条记录）",
	NextNone:        "其对象暂无后续记录。",
	SubjectsTitle:   "涉及对象",
	AsJSON:          "此记录及其证明（JSON）",
	ChainOf:         "%s：第 %d 条",
	EntryType:       "类型", Actor: "操作方",
	Undecodable: "此记录无法解析。",

	VerifyTitle:  "自己动手验证账本",
	VerifyLead:   "您无需信任本服务器。账本是采用 C2SP 透明日志格式的默克尔树；凭下面的公钥，任何标准客户端都能检验每条记录都已收录、历史从未被改写。",
	KeyTitle:     "日志公钥",
	KeyHelp:      "note 格式的验证公钥（Ed25519）。请与可信来源（公告、纸质通知）中的副本比对：从被检验的服务器上取得的公钥什么也证明不了。也可在 /verify/key 获取。",
	LatestTitle:  "最新的已签名检查点",
	LatestHelp:   "来源标识、树大小和根哈希，由上面的公钥签名。地址为 /checkpoint。",
	HistoryTitle: "检查点历史",
	HistoryHelp:  "签发过的每个检查点都会保留。如果两个检查点对同样的记录给出不同结论，就证明历史被改写过。",
	ColSize:      "树大小", ColRoot: "根哈希（base64）", ColSigned: "签名时间（UTC）",
	OlderCheckpoints: "更早的检查点",
	ToolTitle:        "使用 aidtrail-verify",
	ToolLead:         "aidtrail-verify 只需本站的公开网址和公钥。它从记录重新计算整棵树，检查每个哈希瓦片、每条记录的格式和哈希链，以及库存、交接、数量守恒等全部业务规则，并记住检查点，以便下次发现改写。",
	ToolSteps: []string{
		"安装 Go（1.24 或更新版本），运行：go install github.com/aidtrail/aidtrail/cmd/aidtrail-verify@latest",
		"将上面的公钥与可信副本比对后，保存到文件，例如 aidtrail.vkey。",
		"运行：aidtrail-verify -url %s -key @aidtrail.vkey",
		"只有全部检查通过时，它才以状态 0 退出并打印摘要；否则会指出第一条未通过的记录。",
		"以后再次运行（例如每天）：它会检查新的检查点是否是上次验证过的检查点的延续。",
	},
	ToolFlags: []Flag{
		{"-url URL", "日志的基础网址（提供 /checkpoint 和 /tile/ 的地址）"},
		{"-dir PATH", "改为验证检查点和瓦片的静态副本（镜像）"},
		{"-key VKEY 或 -key @FILE", "日志的验证公钥（或环境变量 AIDTRAIL_VERIFY_KEY）"},
		{"-lot CODE, -pledge CODE", "只验证一个批次或一笔认捐：其哈希链及各记录的包含证明"},
		{"-subject KIND:ID", "只验证一个对象，例如 need:12"},
		{"-state FILE, -no-state", "保存上次验证的检查点的位置（默认在缓存目录），或不保存"},
		{"-json", "输出机器可读的报告"},
		{"-exports=false", "不将 /data/ 的开放数据与账本比对（使用 -url 时默认比对）"},
		{"-workers N, -timeout D, -progress N", "并发下载数、单次请求超时、每 N 个数据包报告一次进度"},
	},
	TlogTitle: "使用任何 C2SP tlog 客户端",
	TlogLead:  "本日志采用标准的 tlog-tiles 路径，transparency-dev 的 tessera 客户端等工具无需修改即可验证。",
	TlogSteps: []string{
		"获取检查点：GET %s/checkpoint。用上面的公钥检验签名（golang.org/x/mod/sumdb/note），读出树大小和根哈希。",
		"获取哈希瓦片：GET /tile/<L>/<N>，最后一个不完整的瓦片为 /tile/<L>/<N>.p/<W>（瓦片高度 8，编号写成 x001/234 形式）。",
		"获取记录：GET /tile/entries/<N>（每包 256 条，每条前有 16 位大端长度），不完整的包为 /tile/entries/<N>.p/<W>。",
		"按 RFC 6962 计算每条记录的叶哈希，重建哈希树并与检查点的根比较；单条记录可核对其页面上的包含证明。",
		"保存检查点：以后的检查点必须与它一致（可由瓦片得出一致性证明）。",
	},

	DataTitle:    "开放数据",
	DataLead:     "这里的一切都可以仅凭账本重新推导，aidtrail-verify 会逐项核对。CSV 文件为 UTF-8 编码、逗号分隔、首行为字段名（RFC 4180）。每一行都带有其来源记录的序号和叶哈希，任何数字都能对照已签名的哈希树核查。不含个人信息：选择匿名的捐赠者保持匿名，不公开任何邮箱、电话、地址或银行流水号。",
	DataColumns:  "字段",
	ColName:      "字段",
	ColMeaning:   "含义",
	DataDownload: "下载",
	Exports: []ExportDoc{
		{File: "entries.jsonl", Title: "全部账本记录", About: "JSON Lines（application/jsonl）：每行一个 JSON 对象，按日志顺序，截至最新的已签名检查点。", Columns: []Flag{
			{"index", "记录在日志中的位置，从 0 开始"},
			{"leaf_hash", "其 RFC 6962 叶哈希的十六进制（0x00 加记录字节的 SHA-256）"},
			{"entry", "与存储完全一致的记录：v（格式版本）、type（类型）、time（UTC 时间）、actor（机构和用户编号，从不含姓名）、subjects（对象）、prev（各对象上一条记录的序号和叶哈希）、body（随类型而定的内容）"},
		}},
		{File: "needs.csv", Title: "需求", About: "受助机构提交的每项需求的每一行，按当前状态。", Columns: []Flag{
			{"need", "需求编号（页面为 /needs/编号）"}, {"line", "需求中的行号"},
			{"org", "需求机构的编号"}, {"org_name", "其登记名称"},
			{"status", "submitted（已提交）、published（已发布）、rejected（已驳回）或 closed（已关闭）"}, {"title", "需求标题"},
			{"item", "物品目录编号"}, {"spec", "要求的规格或标准"}, {"unit", "数量单位"},
			{"quantity", "需求数量"}, {"urgency", "critical（紧急）、high（高）或 normal（一般）"}, {"deadline", "需要日期（YYYY-MM-DD）"},
			{"place", "送达城市和区县（从不含街道地址）"},
			{"pledged", "针对本行的认捐数量，已扣除取消的认捐"},
			{"delivered", "该机构确认收到的、来自本需求认捐的该物品数量（计在该物品的第一行）"},
			{"entry_index", "该需求最新记录的序号"}, {"entry_leaf_hash", "该记录叶哈希的十六进制"},
		}},
		{File: "pledges.csv", Title: "认捐", About: "每笔物资认捐的每一行；每笔善款认捐一行。", Columns: []Flag{
			{"pledge", "认捐追踪码（页面为 /t/追踪码）"}, {"status", "pledged（已认捐）、received（已接收）或 cancelled（已取消）"},
			{"kind", "goods（物资）或 money（善款）"}, {"donor", "捐赠者选择公开的名称，或 anonymous（匿名）"},
			{"need", "对应的需求（如有）"}, {"need_line", "对应的需求行（如有）"},
			{"item", "物品目录编号（物资）"}, {"unit", "单位（物资）"}, {"quantity", "认捐数量（物资）"},
			{"currency", "ISO 币种代码（善款）"}, {"amount_minor", "以最小单位（分）计的金额（善款）"},
			{"due", "交付日期（YYYY-MM-DD）"},
			{"entry_index", "该认捐最新记录的序号"}, {"entry_leaf_hash", "该记录叶哈希的十六进制"},
		}},
		{File: "lots.csv", Title: "批次", About: "每个批次（一种物品的一定数量，或一个包装，或一笔善款）一行，按当前状态。", Columns: []Flag{
			{"lot", "批次编码，印在二维码标签上（页面为 /t/编码）"}, {"item", "物品目录编号（包装为空；善款为 money）"},
			{"spec", "规格（包装为其说明）"}, {"unit", "单位（善款为币种代码）"},
			{"batch", "生产批号"}, {"expiry", "有效期（YYYY-MM-DD）"}, {"condition", "good（完好）、damaged（破损）或 substandard（不合格）"},
			{"quantity", "批次生成时的数量"}, {"origin_pledge", "来源认捐"},
			{"parent", "拆分或接收自的批次"}, {"pack", "所在包装（如有）"},
			{"holder", "保管机构编号（丢失则为空）"}, {"holder_name", "其登记名称"},
			{"held", "当前库存数量"}, {"in_transit", "尚未确认签收的在途数量"},
			{"since", "保管方取得时间（UTC）"}, {"created_entry", "生成该批次的记录序号"},
			{"entry_index", "该批次最新记录的序号"}, {"entry_leaf_hash", "该记录叶哈希的十六进制"},
		}},
		{File: "handoffs.csv", Title: "运单", About: "每个运单（交接）中每个批次一行，从发出方到接收方。", Columns: []Flag{
			{"handoff", "运单编号"}, {"from", "发出机构编号"}, {"from_name", "发出机构名称"},
			{"to", "接收机构编号"}, {"to_name", "接收机构名称"}, {"via", "承运机构编号（如有）"}, {"via_name", "承运机构名称"},
			{"status", "dispatched（已发出）、picked_up（已揽收）、delivered（已送达）、received（已签收）或 rejected（已拒收）"}, {"dispatched", "发出时间（UTC）"},
			{"lot", "批次编码"}, {"sent", "发出数量"}, {"received", "接收方确认的数量（确认前为空）"},
			{"condition", "到货状况"}, {"reason", "差异原因：damaged、missing、substandard、wrong_item 或 other"},
			{"note", "接收方备注"}, {"new_lot", "只发出批次的一部分时，接收方的新批次编码"},
			{"entry_index", "该运单最新记录的序号"}, {"entry_leaf_hash", "该记录叶哈希的十六进制"},
		}},
		{File: "funds.csv", Title: "善款", About: "每笔善款到账一行，每笔支出按所动用的善款批次各一行。银行流水号不公开。", Columns: []Flag{
			{"entry_index", "记录序号"}, {"entry_leaf_hash", "记录叶哈希的十六进制"},
			{"type", "money.received（到账）或 money.spent（支出）"}, {"time", "记录时间（UTC）"},
			{"org", "收款或支出机构编号"}, {"org_name", "其登记名称"},
			{"currency", "ISO 币种代码"}, {"amount_minor", "以最小单位（分）计的金额"},
			{"pledge", "到账对应的善款认捐"}, {"lot", "存入或支出的善款批次"},
			{"category", "支出用途：supplies、bank_fee、transport、storage、admin 或 other"},
			{"supplier", "供应商名称（支出）"}, {"purpose", "用途说明（支出）"}, {"date", "起息日或发票日期（YYYY-MM-DD）"},
			{"invoice_sha256", "发票文件的 SHA-256"}, {"bought", "所购物资批次编码，以空格分隔"},
		}},
	},

	SystemActor:   "平台",
	PersonalDonor: "一位个人捐赠者",
	OrgNumber:     "第 %d 号机构",
	OrgKinds:      map[string]string{"platform": "平台", "donor": "捐赠企业", "logistics": "物流企业", "warehouse": "仓库", "recipient": "受助机构"},
	Stage:         map[int]string{1: "初审", 2: "复审"},
	SubjectNames:  map[string]string{"org": "机构 %s", "need": "需求 %s", "pledge": "认捐 %s", "lot": "批次 %s", "item": "物品 %s", "handoff": "交接 %s", "user": "用户 %s"},

	DescItemAdded:      "物品目录新增：%s，计量单位 %s",
	DescItemStandard:   "（标准 %s）",
	DescOrgRegistered:  "%s 注册为%s（登记证号 %s）",
	DescApproved:       "审核员通过了%s（%s）",
	DescRejected:       "审核员驳回了%s（%s）：%s",
	DescUnknown:        "%s 记录",
	LiveNotice:         "有新记录时，本页会自动更新。",
	ChartEmpty:         "暂无可绘制的数据。",
	TotalsTitle:        "物资总览",
	TotalsHelp:         "由账本重新推导：接收 = 首个保管方确认入库；送达 = 受助机构确认签收；使用 = 登记为发放或消耗（已扣除更正）；报损 = 丢失、损坏或过期。",
	ColItem:            "物品",
	ColUnit:            "单位",
	ColReceived:        "接收",
	ColDelivered:       "送达",
	ColUsed:            "使用",
	ColWrittenOff:      "报损",
	ChartsTitle:        "随时间变化与去向",
	LatestTitle2:       "最新记录",
	AllEntries:         "全部记录",
	NoMovement:         "尚未接收任何物资。",
	ChartDelivered:     "%s 需求量与送达量",
	ChartDeliveredDesc: "阶梯图：按日累计已发布需求中的 %s（单位 %s）数量与受助机构确认签收的数量。下表给出相同数据。",
	SeriesDelivered:    "送达",
	ChartUsed:          "各受助机构使用的 %s",
	ChartUsedDesc:      "折线图：按日累计各受助机构登记使用的 %s（单位 %s）。下表给出相同数据。",
	ChartFlow:          "%s 的去向",
	ChartFlowDesc:      "流向图：%s（单位 %s）从捐赠方经仓库到受助机构的数量；带宽与数量成正比。下表列出图中的流向。",
	ChartTopUsers:      "图中为使用最多的 %d 个机构。",
	ChartTopFlows:      "图中为数量最大的 %d 条流向。",
	ItemAllUsers:       "全部使用机构",
	ItemAllFlows:       "全部流向",
	ItemTitle:          "%s 的去向",
	ItemLead:           "由账本重新推算：使用此物资的机构（用量多的在前），以及此物资在捐赠方与各机构之间的每一条流向（数量大的在前）。",
	ItemUsers:          "使用机构",
	ItemUsersNone:      "尚无机构登记使用。",
	ItemFlows:          "流向",
	ItemFlowsNone:      "尚未有任何流转。",
	ColOrg:             "机构",
	ItemEntries:        "与此物资有关的全部记录",
	Donors:             "捐赠方",
	AnonymousDonors:    "匿名捐赠者",
	OrgItems:           "接收、发出与使用",
	OrgNoItems:         "尚无物资经过该机构。",
	OrgStock:           "当前库存",
	OrgNoStock:         "当前没有库存。",
	OrgDiscrepancies:   "由其报告或与其有关的差异",
	OrgNoDiscrepancies: "没有差异。",
	ColSent:            "发出",
	ColLot:             "批次",
	ColHeld:            "库存",
	ColSince:           "入库时间（UTC）",
	ColDays:            "存放天数",
	ColReason:          "原因",
	SeriesNeeded:       "需求",
	ColPledged:         "认捐",
	MoneyTitle:         "善款",
	ColMoneyIn:         "到账",
	ColSpent:           "支出",
	Purchased:          "用善款采购",
	MoneyHelp:          "各币种的认捐额（已扣除取消的认捐）、到账额与支出额（采购物资、运输、手续费等）。",
	ColCurrency:        "币种",
	ColAmount:          "金额",
	NeedsTitle:         "待满足的需求",
	NeedsNone:          "目前没有待满足的需求。",
	ColNeeded:          "需求量",
	ColProgress:        "已送达占比",
	ChartTable:         "以表格查看数据",
	ChartDay:           "日期",
	FlowFrom:           "来源",
	FlowTo:             "去向",
	FlowQty:            "数量",

	DescLotReceived:  "%s 接收认捐 %s，入库为 %s",
	DescLotSplit:     "%s 将批次 %s 拆分为 %s",
	DescLotPacked:    "%s 将 %s 装入 %s（%s）",
	DescLotUnpacked:  "%s 拆开了 %s",
	DescLotUsed:      "%s 使用了 %s，用于 %s，日期 %s",
	DescWrittenOff:   "%s 报损 %s（%s）：%s",
	DescDispatched:   "%[1]s 向 %[3]s 发出 %[2]s",
	DescVia:          "，承运方 %s",
	DescPickedUp:     "%s 揽收了第 %d 号运单",
	DescDelivered:    "%s 送达了第 %d 号运单",
	DescReceived:     "%s 确认收到 %s",
	DescReceivedFrom: "，来自 %s",
	DescShort:        "%s（发出 %s）",
	DescRejected2:    "%s 拒收第 %d 号运单（%s）",
	DescCorrected:    "%s 声明第 %d 条记录有误：%s",
	LotQty:           "%s %s",
	LotRef:           "%s（批次 %s）",
	Join:             "、",
	ListSep:          "；",
	Dash:             "——",
	Reasons: map[string]string{"good": "完好", "damaged": "破损", "missing": "短缺", "substandard": "不合格", "wrong_item": "货不对板", "other": "其他原因",
		"loss": "丢失", "damage": "损坏", "expiry": "过期", "destruction": "销毁"},
}

var _ = addErrorsZH(map[string]string{
	"%s must be a whole number":                 "%s 必须是非负整数",
	"enter a whole number, 0 or more":           "请输入 0 或更大的整数",
	"the date %q is not in the form YYYY-MM-DD": "日期 %q 的格式应为 YYYY-MM-DD",
})

var _ = addErrorsZH(map[string]string{
	"too many live listeners; try again later": "实时连接过多，请稍后再试",
	"no export %q": "没有名为 %q 的开放数据文件",
})
