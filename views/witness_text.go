package views

// WitnessText is the verify page's witnessing section.
type WitnessText struct {
	Title, Lead                    string
	StateCosigned                  string // "%d": the served size
	StateFailOpen, StateWaiting    string
	Quorum                         string // "%d of %d"
	Behind                         string // "%d": entries newer than the served checkpoint, awaiting cosignatures
	ColWitness, ColKey, ColURL     string
	ColCosigned, ColWhen, ColState string
	Demo                           string
	Answering, NotAsked            string
	NotAnswering                   string // "%s": since when, then the error
	Never                          string
	PolicyTitle, PolicyHelp        string
	RunTitle                       string
	RunSteps                       []string
}

var enWitness = WitnessText{
	Title:         "Witnesses",
	Lead:          "Independent organisations run C2SP witnesses. Each keeps the latest checkpoint of this log it has seen and cosigns a new one only if a consistency proof shows it extends the old: a server that showed different histories to different people, or rewrote its past, would be refused. /checkpoint serves the newest checkpoint that enough witnesses cosigned.",
	StateCosigned: "Served: the checkpoint of size %d, cosigned by the witnesses' quorum.",
	StateFailOpen: "No checkpoint meets the witness policy yet: the newest uncosigned one is served (fail-open, for rollout only).",
	StateWaiting:  "No checkpoint meets the witness policy yet: /checkpoint serves none until the witnesses cosign one.",
	Quorum:        "Policy: %d of %d must cosign.",
	Behind:        "%d newer entries are recorded and wait for the witnesses' cosignatures.",
	ColWitness:    "Witness", ColKey: "Verifier key", ColURL: "URL",
	ColCosigned: "Last cosigned size", ColWhen: "Cosigned at (UTC)", ColState: "Status",
	Demo:         "demo witness run by this server",
	Answering:    "answering",
	NotAsked:     "not asked since the server started",
	NotAnswering: "not answering (last tried %s): %s",
	Never:        "never",
	PolicyTitle:  "Witness policy",
	PolicyHelp:   "Save it as a file and pass it to aidtrail-verify -policy FILE (or use it with any client that reads Sigsum/Tessera policies): verification then also requires the witnesses' quorum.",
	RunTitle:     "Run a witness for this log",
	RunSteps: []string{
		"Run omniwitness (github.com/transparency-dev/witness) or litewitness (filippo.io/torchwood/cmd/litewitness) on a machine you control, with your own Ed25519 key.",
		"Add this log to it: its origin (the first line of the checkpoint) and the public key above; for litewitness: witnessctl add-log and add-key.",
		"Send the operator your witness's name, verifier key and URL; they add a line witness NAME VKEY URL to the policy and restart with -witness-policy.",
	},
}

var zhWitness = WitnessText{
	Title:         "见证方",
	Lead:          "独立机构运行 C2SP 见证服务。每个见证方保存它见过的本日志最新检查点，只有在一致性证明表明新检查点延续旧检查点时才联署：若服务器向不同的人展示不同的历史，或改写过去，就会被拒绝。/checkpoint 提供已获足够见证方联署的最新检查点。",
	StateCosigned: "当前提供：树大小为 %d 的检查点，已获见证方法定数量联署。",
	StateFailOpen: "尚无检查点满足见证策略：暂时提供最新的未联署检查点（失败开放，仅用于上线过渡）。",
	StateWaiting:  "尚无检查点满足见证策略：在见证方联署之前，/checkpoint 不提供任何检查点。",
	Quorum:        "策略：须有 %[1]d 个（共 %[2]d 个）联署。",
	Behind:        "另有 %d 条较新的记录已写入，正在等待见证方联署。",
	ColWitness:    "见证方", ColKey: "验证公钥", ColURL: "网址",
	ColCosigned: "最近联署的树大小", ColWhen: "联署时间（UTC）", ColState: "状态",
	Demo:         "本服务器运行的演示见证方",
	Answering:    "正常应答",
	NotAsked:     "服务器启动以来尚未请求",
	NotAnswering: "无应答（最近一次尝试 %s）：%s",
	Never:        "从未",
	PolicyTitle:  "见证策略",
	PolicyHelp:   "将其存为文件，传给 aidtrail-verify -policy FILE（或任何读取 Sigsum/Tessera 策略的客户端）：验证时还会要求见证方法定数量联署。",
	RunTitle:     "为本日志运行见证服务",
	RunSteps: []string{
		"在您掌控的机器上，用您自己的 Ed25519 密钥运行 omniwitness（github.com/transparency-dev/witness）或 litewitness（filippo.io/torchwood/cmd/litewitness）。",
		"在其中添加本日志：其 origin（检查点第一行）和上面的公钥；litewitness 用 witnessctl add-log 和 add-key。",
		"把见证方的名称、验证公钥和网址发给运营方；运营方在策略中加入一行 witness NAME VKEY URL，并以 -witness-policy 重启。",
	},
}
