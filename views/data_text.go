package views

import "context"

// Texts of the open data in the field's standards (EPCIS, HXL, IATI) on
// /data/: what each file holds, how Aidtrail maps to it, an example.

var _ = addErrorsZH(map[string]string{
	"from must be an entry index (a whole number from 0)": "from 必须是记录序号（从 0 起的整数）",
})

// StandardDoc documents one open-data format of a field's standard.
type StandardDoc struct {
	ID, Title, About string
	Files            []string // under /data/
	Points           []string
	ExampleCaption   string
	Example          string // an excerpt, verbatim
}

// StandardsText heads the section.
type StandardsText struct {
	Title, Lead string
	Docs        []StandardDoc
}

// Standards returns the section in the reader's language.
func Standards(ctx context.Context) *StandardsText {
	if LangOf(ctx) == ZH {
		return &zhStandards
	}
	return &enStandards
}

var hxlFiles = []string{"needs.hxl.csv", "pledges.hxl.csv", "lots.hxl.csv", "handoffs.hxl.csv", "funds.hxl.csv"}

const exampleEPCIS = `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"aidtrail":"https://aidtrail.org/ns/epcis#"}],
 "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-12-05T19:12:36Z",
 "instanceIdentifier":"https://aidtrail.example/data/epcis.jsonld?from=0","epcisBody":{"eventList":[
{"type":"ObjectEvent","eventTime":"2020-01-25T22:16:00.000Z","eventTimeZoneOffset":"+00:00",
 "eventID":"https://aidtrail.example/ledger/60?leaf=a7dfb69a…2cdf",
 "quantityList":[{"epcClass":"https://aidtrail.example/t/VBVWAJCPD","quantity":200,"uom":"H87"}],
 "action":"ADD","bizStep":"receiving","disposition":"available",
 "bizLocation":{"id":"https://aidtrail.example/orgs/5"},
 "bizTransactionList":[{"bizTransaction":"https://aidtrail.example/t/ZP7PB6X45"}],
 "destinationList":[{"type":"owning_party","destination":"https://aidtrail.example/orgs/5"}],
 "ilmd":{"cbvmda:lotNumber":"TI-2001"},
 "aidtrail:entry":{"index":60,"leafHash":"a7dfb69a…2cdf"}},
{"type":"ObjectEvent","eventTime":"2020-01-26T10:16:00.000Z","eventTimeZoneOffset":"+00:00",
 "eventID":"https://aidtrail.example/ledger/87?leaf=872040ce…1b4a",
 "errorDeclaration":{"declarationTime":"2020-01-26T10:40:00.000Z","reason":"incorrect_data",
   "correctiveEventIDs":["https://aidtrail.example/ledger/89?leaf=b7eb8c8d…0c6c"]},
 "quantityList":[{"epcClass":"https://aidtrail.example/t/Q726ZP5CG","quantity":1200,"uom":"SET"}],
 "action":"OBSERVE","bizStep":"dispensing","disposition":"dispensed",
 "aidtrail:entry":{"index":88,"leafHash":"beed0696…a008"},"aidtrail:reason":"typed 1200 for 120"}
]}}`

const exampleHXL = `lot,item,spec,unit,batch,expiry,condition,quantity,…,holder,holder_name,held,…,entry_index,entry_leaf_hash
#item+code,#item+type,#item+text,#item+label,#item+num,#date+end,#status,#value+num,…,#org+code,#org+name,#value+num,…,#meta+num,#meta+code
VBVWAJCPD,thermometer-ir,,pcs,TI-2001,,good,200,…,5,City Charity Federation Central Warehouse,0,…,83,f7d93fef…d328`

const exampleIATI = `<iati-activities version="2.03" generated-datetime="2026-12-05T19:53:57Z">
 <iati-activity humanitarian="true">
  <iati-identifier>XX-AIDTRAIL-aidtrail.example.log-org-5</iati-identifier>
  <reporting-org ref="XX-AIDTRAIL-aidtrail.example.log" type="90"><narrative>Aidtrail aidtrail.example/log</narrative></reporting-org>
  …
  <humanitarian-scope type="1" vocabulary="99" vocabulary-uri="https://aidtrail.example/data/" code="XX-AIDTRAIL-aidtrail.example.log">…</humanitarian-scope>
  <transaction ref="https://aidtrail.example/ledger/97?leaf=1d9186f0…f409">
   <transaction-type code="1"></transaction-type>
   <transaction-date iso-date="2020-01-27"></transaction-date>
   <value currency="CNY" value-date="2020-01-27">200000.00</value>
   <description><narrative>money pledge QV1RQNP2H received as lot NRXT0E29J</narrative></description>
   <provider-org><narrative>Huaxin Medical</narrative></provider-org>
   <receiver-org receiver-activity-id="XX-AIDTRAIL-aidtrail.example.log-org-5"><narrative>City Charity Federation Central Warehouse</narrative></receiver-org>
  </transaction>
  …`

var enStandards = StandardsText{
	Title: "The same data in the field's standards",
	Lead:  "For supply-chain, humanitarian and donor systems, the ledger is also published in their own standards. Each event or transaction names the ledger entry it comes from (its index and leaf hash), and aidtrail-verify re-derives and compares all of them.",
	Docs: []StandardDoc{
		{ID: "epcis", Title: "GS1 EPCIS 2.0 (JSON-LD)", Files: []string{"epcis.jsonld"},
			About: "Every custody entry within the latest checkpoint as an EPCISDocument of events in the GS1 Core Business Vocabulary, valid against the EPCIS 2.0 JSON schema. Large logs come in pages of 16,384 entries: ?from=N starts at entry N, and the Link header (rel=\"next\") names the next page.",
			Points: []string{
				"Receipt of a pledge into lots: ObjectEvent ADD, bizStep receiving; a purchase's lots likewise. A split: TransformationEvent (repackaging); packing and unpacking: AggregationEvent ADD/DELETE (packing, unpacking).",
				"Dispatch: shipping; the carrier's pickup: departing; delivery: arriving; the receiver's count: receiving with the counted quantities and a disposition from the condition (available, damaged, non_conformant); a rejected shipment: receiving, returned.",
				"Use: dispensing, dispensed; write-off: destroying with damaged, expired, destroyed or unavailable (loss). A correction restates the wrong event with an errorDeclaration naming the corrective events.",
				"Quantities are quantityList elements with UN/ECE Rec. 20 units (pcs H87, sets SET, pairs PR, litres LTR, boxes BX). A lot is a class-level identifier: its GTIN from the packaging as a GS1 Digital Link (https://id.gs1.org/01/GTIN/10/BATCH) where known, else its trace URL.",
				"eventID is the entry's ledger URL with its leaf hash; aidtrail:entry repeats the index and leaf hash. Money is not in EPCIS (see IATI).",
			},
			ExampleCaption: "A receipt into a lot and a corrected use (hashes shortened):", Example: exampleEPCIS},
		{ID: "hxl", Title: "HXL-tagged CSV", Files: hxlFiles,
			About: "Every CSV above also as NAME.hxl.csv: the same header and rows, with the Humanitarian Exchange Language hashtag row under the header, for HDX and the HXL tools. Every hashtag and attribute is from the HXL core dictionary.",
			Points: []string{
				"Codes are +code and names +name (#org+code, #org+name, #item+code for a lot, #item+type for the catalogue item); quantities #value+num; dates #date with +start, +end, +occurred or +reported.",
				"The entry of each row is #meta+num (its index) and #meta+code (its leaf hash). Where the dictionary has no closer attribute, columns share a hashtag and the header row tells them apart.",
			},
			ExampleCaption: "The head of lots.hxl.csv (columns shortened):", Example: exampleHXL},
		{ID: "iati", Title: "IATI 2.03 (XML)", Files: []string{"iati.xml"},
			About: "The money of the log as an iati-activities file, valid against the IATI 2.03 schemas: one humanitarian activity per organisation that handles money (its relief effort), with humanitarian-scope naming this log.",
			Points: []string{
				"Money received for a pledge: incoming funds (1) from the donor, by the name the donor chose or \"anonymous donor\". Money passed on and confirmed by its receiver: a disbursement (3) in the sender's activity and incoming funds (1) in the receiver's, the amount that arrived. Money spent: an expenditure (4), to the supplier for a purchase, with the invoice's SHA-256.",
				"Each transaction's ref is its entry's ledger URL with the leaf hash. Amounts are in major units with their currency and value date.",
				"Organisation identifiers: IATI expects registered identifiers (org-id.guide), and Aidtrail organisations have none it can vouch for. So, as the standard allows, their participating-org, provider-org and receiver-org carry no ref, only the public name (and the activity they take part in). reporting-org, whose ref the schema requires, is this log's operator under the unregistered prefix XX-AIDTRAIL- followed by the log's origin; each activity's identifier is that with -org- and the organisation's number.",
			},
			ExampleCaption: "An activity and its first transaction (shortened):", Example: exampleIATI},
	},
}

var zhStandards = StandardsText{
	Title: "以行业标准发布的同一数据",
	Lead:  "为供应链、人道主义和捐助方的系统，账本也以它们各自的标准发布。每个事件或交易都注明其来源记录（序号和叶哈希），aidtrail-verify 会全部重新推导并比对。",
	Docs: []StandardDoc{
		{ID: "epcis", Title: "GS1 EPCIS 2.0（JSON-LD）", Files: []string{"epcis.jsonld"},
			About: "最新检查点内的每条物资流转记录，作为采用 GS1 核心业务词汇（CBV）的 EPCISDocument 事件发布，符合 EPCIS 2.0 JSON Schema。大型账本分页提供，每页 16,384 条记录：?from=N 从第 N 条记录开始，Link 响应头（rel=\"next\"）给出下一页。",
			Points: []string{
				"认捐物资入库为批次：ObjectEvent ADD，bizStep 为 receiving；采购所得批次同样。拆分：TransformationEvent（repackaging）；装箱与拆箱：AggregationEvent ADD/DELETE（packing、unpacking）。",
				"发运：shipping；承运方提货：departing；送达：arriving；收货方清点：receiving，附清点数量及由状况得出的 disposition（available、damaged、non_conformant）；拒收：receiving，returned。",
				"使用：dispensing，dispensed；核销：destroying，disposition 为 damaged、expired、destroyed 或 unavailable（遗失）。更正会重述错误事件并附 errorDeclaration，列出更正事件。",
				"数量为 quantityList，单位采用联合国欧经会第 20 号建议代码（件 H87、套 SET、双 PR、升 LTR、箱 BX）。批次为类别级标识：已知包装上的 GTIN 时为 GS1 数字链接（https://id.gs1.org/01/GTIN/10/批号），否则为其追溯网址。",
				"eventID 是记录的账本网址加叶哈希；aidtrail:entry 重复给出序号和叶哈希。资金不在 EPCIS 中（见 IATI）。",
			},
			ExampleCaption: "一次入库为批次和一次被更正的使用（哈希已缩短）：", Example: exampleEPCIS},
		{ID: "hxl", Title: "带 HXL 标签的 CSV", Files: hxlFiles,
			About: "上面的每个 CSV 也以 NAME.hxl.csv 提供：表头和数据相同，表头下多一行人道主义交换语言（HXL）标签，供 HDX 和 HXL 工具使用。所有标签和属性都取自 HXL 核心词典。",
			Points: []string{
				"编码用 +code，名称用 +name（#org+code、#org+name，批次为 #item+code，目录物资为 #item+type）；数量为 #value+num；日期为 #date 加 +start、+end、+occurred 或 +reported。",
				"每行的来源记录为 #meta+num（序号）和 #meta+code（叶哈希）。词典中没有更贴切属性时，几列共用一个标签，由上方表头区分。",
			},
			ExampleCaption: "lots.hxl.csv 的开头（列已省略）：", Example: exampleHXL},
		{ID: "iati", Title: "IATI 2.03（XML）", Files: []string{"iati.xml"},
			About: "账本中的资金以 iati-activities 文件发布，符合 IATI 2.03 Schema：每个经手资金的机构一个人道主义活动（其救援工作），humanitarian-scope 指向本账本。",
			Points: []string{
				"认捐资金到账：来自捐赠方的到账资金（1），以捐赠方选择公开的名称或“anonymous donor”表示。转拨并经接收方确认的资金：在转出方活动中为拨付（3），在接收方活动中为到账资金（1），金额为实际到账数。资金支出：支出（4），采购时付给供应商，并附发票的 SHA-256。",
				"每笔交易的 ref 是其记录的账本网址加叶哈希。金额以主币单位表示，附币种和起息日。",
				"机构标识：IATI 要求登记过的机构标识（org-id.guide），而 Aidtrail 无法为其机构担保任何此类标识。因此按标准允许的做法，participating-org、provider-org 和 receiver-org 不带 ref，只给公开名称（及其参与的活动）。Schema 要求 ref 的 reporting-org 为本账本的运营方，使用未登记前缀 XX-AIDTRAIL- 加账本的 origin；每个活动的标识为其后加 -org- 和机构编号。",
			},
			ExampleCaption: "一个活动及其第一笔交易（已缩短）：", Example: exampleIATI},
	},
}
