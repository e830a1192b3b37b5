//! Unit tests of the lenient reader. The excerpts are copied verbatim from the doc
//! pages under `tests/fixtures/` (file and lines in each comment).

use super::{read_lenient, JsonRead, MAX_DEPTH};
use serde_json::{json, Value};

/// Byte offset of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"))
}

/// Byte offset just after the first `needle` in `text`.
fn after(text: &str, needle: &str) -> usize {
    at(text, needle) + needle.len()
}

/// Asserts the exact list of repairs (offset, message), in order.
#[track_caller]
fn assert_repairs(r: &JsonRead, expected: &[(usize, &str)]) {
    let got: Vec<(usize, &str)> = r
        .repairs
        .iter()
        .map(|x| (x.offset, x.message.as_str()))
        .collect();
    assert_eq!(got, expected, "repairs differ");
}

#[track_caller]
fn value(r: &JsonRead) -> &Value {
    assert!(r.error.is_none(), "unexpected error {:?}", r.error);
    r.value.as_ref().expect("a value")
}

// ---------------------------------------------------------------------------
// Real excerpts
// ---------------------------------------------------------------------------

/// 123ltt LMS/Amazon/listing列表/Listing详情-在售.md, lines 29-75: missing commas
/// (also across lines), full-width colon, unescaped quotes, trailing comma.
const LMS: &str = r##"  {
    "error_code": 0,
    "data": {
      "id": "1",
	  "amazonListingId": ""
	  "listingId": "",
	  "account": "asdf",
	  "candidateDisplayName": "sadf",
	  "title": "123",
	  "productSku": "sdfdafa",
	  "sellerSku": "sdfasdf",
	  "asin": "sdfasdf",
	  "category": "sdfasdf",
	  "categoryId": "dfsafasd",
	  "mainImage": "sdafsdaf"
	  "listingStatus"： "sdfasd",
	  "amazonSite": "US",
	  "brand": "小米",
	   "manufacturer": "小米",
	  "costPrice": 12.00,
	  "price": "20",
	  "salePrice": 18.00,
	  "saleStartDate": 15631651315,
	  "saleEndDate": 15231561561,
	  "quantity": 0,
	  "fulfillmentChannel": "DEFAULT",
	  "itemCondition": "new",
	  "skuAttrs": "{"color": "read"}",
	  "profitRate": 12.00,
	  "extend":{
	  		"description": "sdfasdf",
			"searchTerms": "sdafasdf",
			"bulletPoint": "dfsafdas",
			"imageUrls": "sdfasfsdaf",
			"attributes": "{}",
			"skuProperty": ""
	  },
	  "draftSku":{
	  	"standardProdcutIdType": "ENA",
		"standardProdcutIdValue": "123454",
		"condition": "NEW",
		"conditionNote": "ENA",
		"profitRate": "11.11"
		"logistics": "{}",
	  }
    }
  }
"##;

#[test]
fn lms_listing_missing_commas_full_width_colon_unescaped_quotes_trailing_comma() {
    let r = read_lenient(LMS);
    let v = value(&r);
    assert_eq!(v["error_code"], json!(0));
    let d = &v["data"];
    assert_eq!(d.as_object().unwrap().len(), 28);
    assert_eq!(d["amazonListingId"], json!(""));
    assert_eq!(d["listingId"], json!(""));
    assert_eq!(d["mainImage"], json!("sdafsdaf"));
    assert_eq!(d["listingStatus"], json!("sdfasd"));
    assert_eq!(d["skuAttrs"], json!(r#"{"color": "read"}"#));
    assert!(d["costPrice"].is_f64());
    assert_eq!(d["costPrice"], json!(12.0));
    assert_eq!(d["saleStartDate"], json!(15631651315u64));
    assert_eq!(d["extend"]["attributes"], json!("{}"));
    assert_eq!(
        d["draftSku"],
        json!({"standardProdcutIdType": "ENA", "standardProdcutIdValue": "123454",
               "condition": "NEW", "conditionNote": "ENA", "profitRate": "11.11",
               "logistics": "{}"})
    );
    // Keys stay in document order.
    let keys: Vec<&str> = d
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .take(4)
        .collect();
    assert_eq!(keys, ["id", "amazonListingId", "listingId", "account"]);
    assert_repairs(
        &r,
        &[
            (
                after(LMS, r#""amazonListingId": """#),
                "inserted missing comma",
            ),
            (
                after(LMS, r#""mainImage": "sdafsdaf""#),
                "inserted missing comma",
            ),
            (at(LMS, "："), "replaced full-width `：` with `:`"),
            (
                at(LMS, r#""color""#),
                "kept unescaped quote inside string (a later quote on the line ends it)",
            ),
            (
                after(LMS, r#""profitRate": "11.11""#),
                "inserted missing comma",
            ),
            (after(LMS, r#""logistics": "{}""#), "removed trailing comma"),
        ],
    );
    // The trailing comma offset points at the comma itself.
    assert_eq!(&LMS[r.repairs[5].offset..][..1], ",");
}

/// bill-bear docs/rule/token.md, lines 15-19: single quotes, full-width comma.
const TOKEN: &str = r##"  {
    "access_key": 'ta3gzb9lovq424zrgzkl0o13jqc4f7yd',
    "sign": "9DAF21F50797DCBC9B643B7B306188C0"，
    "time": '1499767733.013236'
  }
"##;

#[test]
fn bill_bear_token_single_quotes_and_full_width_comma() {
    let r = read_lenient(TOKEN);
    assert_eq!(
        value(&r),
        &json!({"access_key": "ta3gzb9lovq424zrgzkl0o13jqc4f7yd",
                "sign": "9DAF21F50797DCBC9B643B7B306188C0",
                "time": "1499767733.013236"})
    );
    assert_repairs(
        &r,
        &[
            (at(TOKEN, "'ta3g"), "single-quoted string: read as a string"),
            (at(TOKEN, "，"), "replaced full-width `，` with `,`"),
            (at(TOKEN, "'1499"), "single-quoted string: read as a string"),
        ],
    );
}

/// chuanglan-international SMS docs/groupMessaging.md, lines 26-34: `//` comments
/// (with `：`, `，` and `"` inside them), a stray backtick after a string, missing
/// commas before a comment.
const CHUANGLAN: &str = r##"{
     "account" : "I6000000",   //API账号，50位以内。必填
     "password": "12345678",   //API账号对应密钥，联系客服获取。必填
     "msg": "【253】您的验证码是：2530", //短信内容。长度不能超过536个字符。  必填
     "mobile" : "8613011111111,8613022222222,8613033333333"`,  //手机号码，格式(区号+手机号码)，例如：8615800000000，其中86为中国的区号，区号前不使用00开头,15800000000为接收短信的真实手机号码。5-20位。必填
     "uid":"123456",//客户自定义批次号，64字以内。选填
     "senderId":""   //用户收到短信之后显示的发件人，国内不支持自定义，国外支持，但是需要提前和运营商沟通注册，具体请与TIG对接人员确定。选填
     "tdFlag":1   //退订开启标识，1 开启；0或null 关闭 选填
 }
"##;

#[test]
fn chuanglan_comments_stray_backtick_missing_commas() {
    let r = read_lenient(CHUANGLAN);
    assert_eq!(
        value(&r),
        &json!({"account": "I6000000", "password": "12345678",
                "msg": "【253】您的验证码是：2530",
                "mobile": "8613011111111,8613022222222,8613033333333",
                "uid": "123456", "senderId": "", "tdFlag": 1})
    );
    let comment = |n: &str| at(CHUANGLAN, n);
    assert_repairs(
        &r,
        &[
            (comment("//API账号，"), "removed `//` comment"),
            (comment("//API账号对应"), "removed `//` comment"),
            (comment("//短信内容"), "removed `//` comment"),
            (at(CHUANGLAN, "`"), "removed stray characters ```"),
            (comment("//手机号码"), "removed `//` comment"),
            (comment("//客户自定义"), "removed `//` comment"),
            (
                after(CHUANGLAN, r#""senderId":"""#),
                "inserted missing comma",
            ),
            (comment("//用户收到"), "removed `//` comment"),
            // `"tdFlag":1` is the last member: its comment needs no comma.
            (comment("//退订"), "removed `//` comment"),
        ],
    );
}

/// bill-bear docs/base_data/area.md, lines 20-55: a `.....` element.
const AREA: &str = r##"{
    "msg":"success",
    "status":"200",
    "sync_time":"1469586420332999",
    "data":[
         {
            "name_en": "",
            "parent_id": 379,
            "parent_name": "杭州",
            "zone_type": 5,
            "mongo_id": "5979b0090926a83a9102f0e8",
            "name": "下城区",
            "id": 3306,
            "adcode": "330103",
            "update_time": "2018-06-27 10:46:26.859000",
            "citycode": "0571",
            "create_time": "2017-07-27 17:19:05.380000",
            "status": 1
        },
        {
            "name_en": "",
            "parent_id": 379,
            "parent_name": "杭州",
            "zone_type": 5,
            "mongo_id": "5979b0090926a83a9102f0e7",
            "name": "上城区",
            "id": 3305,
            "adcode": "330102",
            "update_time": "2018-06-27 10:46:26.850000",
            "citycode": "0571",
            "create_time": "2017-07-27 17:19:05.370000",
            "status": 1
        },
        .....
    ]
}
"##;

#[test]
fn bill_bear_area_ellipsis_element_is_dropped() {
    let r = read_lenient(AREA);
    let v = value(&r);
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data[1]["name"], json!("上城区"));
    assert_eq!(data[1]["parent_id"], json!(379));
    assert_repairs(&r, &[(at(AREA, "....."), "dropped `.....` placeholder")]);
}

/// Jon-Gzlle gzlle shi-shi-ti-xian/cha-xun-qi-ye-yu-e.md, lines 34-41: curly quotes
/// (`”` also opening a string), full-width `：` and `，`, `//` comments.
const CURLY: &str = r##" {
    “success”：true，
     “data” ：{
          “name”: ”浙江**科技网络有限公司”, //企业名称 
          “amount”：“100020.36”,//总金额
          “availableAmount” : ”100011.23” //可用余额
    }
 }
"##;

#[test]
fn gzlle_curly_quotes_full_width_punctuation_comments() {
    let r = read_lenient(CURLY);
    assert_eq!(
        value(&r),
        &json!({"success": true, "data": {"name": "浙江**科技网络有限公司",
                "amount": "100020.36", "availableAmount": "100011.23"}})
    );
    let msgs: Vec<&str> = r.repairs.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(
        msgs.iter()
            .filter(|m| m.starts_with("curly-quoted"))
            .count(),
        8
    );
    assert_eq!(msgs.iter().filter(|m| m.contains("`：`")).count(), 3);
    assert_eq!(msgs.iter().filter(|m| m.contains("`，`")).count(), 1);
    assert_eq!(msgs.iter().filter(|m| m.contains("`//`")).count(), 3);
    assert_eq!(r.repairs.len(), 15);
    assert_eq!(r.repairs[0].offset, at(CURLY, "“success”"));
    assert_eq!(r.repairs[1].offset, at(CURLY, "：true"));
    assert_eq!(r.repairs[2].offset, at(CURLY, "，"));
    let name = r.repairs.iter().find(|x| x.offset == at(CURLY, "”浙江"));
    assert_eq!(
        name.unwrap().message,
        "curly-quoted string: read as a string"
    );
}

/// PMS 根据SKU获取SKU信息, lines 32-38: Java before the request JSON.
const PMS_REQUEST: &str = r##"@PostMapping("/api/sku/getSkuDetailBySkuCodeExtends")
R&lt;List&lt;SkuVO>> postSkuDetailBySkuCodeExtends(@RequestParam List&lt;SkuDetailByCodeExtend> skuDetailByCodeExtends)

[{
		"productSku":"xx",
		"countryCode":"国家编码"
}]
"##;

#[test]
fn pms_request_text_before_value_is_skipped() {
    let r = read_lenient(PMS_REQUEST);
    assert_eq!(
        value(&r),
        &json!([{"productSku": "xx", "countryCode": "国家编码"}])
    );
    assert_eq!(r.repairs.len(), 1);
    assert_eq!(r.repairs[0].offset, 0);
    assert!(r.repairs[0]
        .message
        .starts_with("skipped text before the JSON value: `@PostMapping"));
    assert_eq!(
        r.span,
        Some((at(PMS_REQUEST, "[{"), PMS_REQUEST.trim_end().len()))
    );
}

/// PMS 根据SKU获取SKU信息, lines 48-94: unquoted placeholder values, a missing comma,
/// full-width commas, and a record object never closed before `]`.
const PMS_RESPONSE: &str = r##"{
    "code": 200,
    "success": true,
    "data": {
        "records": [
            {
                "productSku": SKU编码,
				"productSpu": SPU编码,
                "productName": "SKU或SPU名称",
				"productNameEn": "SKU或SPU英文名称",
				"imageUrl":"主图URL"
                "productCost": "1.0001",
                "type": "1",
                "developLeadUserId": "110",
				"developLeadUserName":"xxx",
				"status":1,
				"netWeight": 5.0,
                "packWeight": 2.0,
                "sizeLong":110.11,
                "sizeWidth":110.11,
                "sizeHeight":110.11,
                "sizeLongPack":110.11,
                "sizeWidthPack":110.11,
                "sizeHeightPack":110.11,
				"isFba": 1，
				"customsPrice":1.00,
				"customsCurrencyCode":"USD",
				"customsCode":"xxxx",
				"customsNameEn":"xxxx",
				"customsNameCn":"xxxx",
				"logisticsAttr":"1",
				"logisticsIdList":"1",
				"subLogisticsIdList":"1",
				"discountRatio":0.45，
				"colour": "Dark Grey",
           	    "size": "M",
				"regionalCost": [
                {
                    "stockCode": "SZ0001",
                    "sellingPrice": "121.05",
                    "countryCode": "US"
                }
            ]
        ]
    },
    "msg": "操作成功"
}
"##;

#[test]
fn pms_response_placeholders_and_unclosed_object_before_bracket() {
    let r = read_lenient(PMS_RESPONSE);
    let v = value(&r);
    let rec = &v["data"]["records"][0];
    assert_eq!(v["data"]["records"].as_array().unwrap().len(), 1);
    assert_eq!(rec["productSku"], json!("SKU编码"));
    assert_eq!(rec["productSpu"], json!("SPU编码"));
    assert_eq!(rec["imageUrl"], json!("主图URL"));
    assert_eq!(rec["isFba"], json!(1));
    assert_eq!(rec["discountRatio"], json!(0.45));
    assert_eq!(rec["regionalCost"][0]["sellingPrice"], json!("121.05"));
    assert_eq!(v["msg"], json!("操作成功"));
    let bracket = at(PMS_RESPONSE, "]\n    },");
    assert_repairs(
        &r,
        &[
            (
                at(PMS_RESPONSE, "SKU编码"),
                "kept bare word `SKU编码` as a string",
            ),
            (
                at(PMS_RESPONSE, "SPU编码"),
                "kept bare word `SPU编码` as a string",
            ),
            (
                after(PMS_RESPONSE, r#""imageUrl":"主图URL""#),
                "inserted missing comma",
            ),
            (at(PMS_RESPONSE, "，"), "replaced full-width `，` with `,`"),
            (
                after(PMS_RESPONSE, "0.45"),
                "replaced full-width `，` with `,`",
            ),
            (
                bracket,
                "closed object opened at byte 87, left open before `]`",
            ),
        ],
    );
    assert_eq!(&PMS_RESPONSE[87..88], "{");
}

/// 123ltt IMS 租户缺货单, lines 43-60: quoted `xxxx` placeholders are plain strings.
const IMS: &str = r##"{
    "source":"OMS",
    "productAuthId":"000000",
    "stockOosInfoList":[{
        "productOwnerId":334,
        "orderTime":"2021-07-20 10:13:00",
        "businessType":"SALE_OUT_WAREHOUSE",
        "orderCode":"LZ2104261551000001A",
        "warehouseCode":"Z20",
        "oosQuantityTotal": 5,
		"shopCode":"xxxx",
        "skuInfoList":[{
            "oosQuantity": 5,
            "productSku":"RYA8XNK01"
        }]
     }
    ]
}
"##;

#[test]
fn ims_quoted_placeholders_need_no_repair() {
    let r = read_lenient(IMS);
    assert_eq!(value(&r)["stockOosInfoList"][0]["shopCode"], json!("xxxx"));
    assert_repairs(&r, &[]);
    assert_eq!(r.value, serde_json::from_str::<Value>(IMS).ok());
}

/// JasonMetal freshdesk-webhook README.md, line 17 (table cell): `{xxx:yyyy}`.
#[test]
fn freshdesk_unquoted_key_and_placeholder_value() {
    let text = "{xxx:yyyy}";
    let r = read_lenient(text);
    assert_eq!(value(&r), &json!({"xxx": "yyyy"}));
    assert_repairs(
        &r,
        &[
            (1, "quoted unquoted key `xxx`"),
            (5, "kept bare word `yyyy` as a string"),
        ],
    );
}

/// weiwenjia common_detials.1.txt, line 25 to the end: cut off inside a key.
const TRUNC_KEY: &str = r##"{
  "code": 0,
  "data": {
    "id": 30111238,
    "name": "1212121",
    "status": "3462",
    "status_mapped": "待联系",
    "note": "",
    "category": "15131",
    "category_mapped": "B(普通客户)",
    "labels": [
    ],
    "source": "",
    "source_mapped": "",
    "industry": "",
    "industry_mapped": "",
    "parent": {
    },
    "staff_size": 0,
    "staff_size_display": "",
    "staff_size_mapped": "",
    "created_at": "2019-01-22 09:27",
    "updated_at": "2019-02-07 16:03",
    "is_own": true,
    "attachments": "暂无附件",
    "company_name": "",
    "is_has_policy_for_assist_user": true,
    "qixinbao_id": "",
    "is_my_assist_entity": false,
    "cio_pid": null,
    "is_subscribed": false,
    "creator": {
      "id": 419462,
      "email": "denghuang@ikcrm.com",
      "created_at": "2018-05-09 10:05",
      "name": "邓煌",
      "organization_id": 49,
      "phone": "18428362926",
      "role_id": 169,
      "workflow_state": "organization_staff",
      "job": "",
      "tel": "",
      "avatar_url": "https://e.ikcrm.com/assets/male_uc.jpg",
      "department_name": "总经理办公室"
    },
    "before_user": {
      "id": 364514,
      "email": "18500000000@qq.com",
      "created_at": "2018-01-10 10:10",
      "name": "刘双",
      "organization_id": 49,
      "phone": "18500000000",
      "role_id": 171,
      "workflow_state": "organization_staff",
      "job": "",
      "tel": "",
      "avatar_url": "https://e.ikcrm.com/assets/male_uc.jpg",
      "department_name": "总经理办公室"
    },
    "before_owned_department": {
      "id": 395,
      "name": "总经理办公室"
    },
    "not_revisit_at_time_str": "36天未跟进",
    "history_contarct_mo"##;

#[test]
fn ikcrm_truncated_inside_a_key() {
    let r = read_lenient(TRUNC_KEY);
    let v = value(&r);
    assert_eq!(v["code"], json!(0));
    assert_eq!(v["data"]["not_revisit_at_time_str"], json!("36天未跟进"));
    assert_eq!(
        v["data"]["before_owned_department"],
        json!({"id": 395, "name": "总经理办公室"})
    );
    assert!(v["data"].get("history_contarct_mo").is_none());
    let key = at(TRUNC_KEY, "\"history_contarct_mo");
    assert_repairs(
        &r,
        &[
            (key, "closed unterminated string at end of example"),
            (
                key,
                "dropped key `history_contarct_mo` cut off at end of example",
            ),
            (
                TRUNC_KEY.len(),
                "example is truncated: closed 2 open brackets",
            ),
        ],
    );
}

/// weiwenjia common_detials.2.txt, line 15 to the end: cut off after `"key": `.
const TRUNC_DANGLING: &str = r##"{
"code": 0,
"data": {
"id": 30111238,
"name": "1212121",
"status": "3462",
"status_mapped": "待联系",
"note": "",
"category": "15131",
"category_mapped": "B(普通客户)",
"labels": [
],
"source": "",
"source_mapped": "",
"industry": "",
"industry_mapped": "",
"parent": {
},
"staff_size": 0,
"staff_size_display": "",
"staff_size_mapped": "",
"created_at": "2019-01-22 09:27",
"updated_at": "2019-02-07 16:03",
"is_own": true,
"attachments": "暂无附件",
"company_name": "",
"is_has_policy_for_assist_user": true,
"qixinbao_id": "",
"is_my_assist_entity": false,
"cio_pid": null,
"is_subscribed": false,
"creator": {
"id": 419462,
"email": "denghuang@ikcrm.com",
"created_at": "2018-05-09 10:05",
"name": "邓煌",
"organization_id": 49,
"phone": "18428362926",
"role_id": 169,
"workflow_state": "organization_staff",
"job": "",
"tel": "",
"avatar_url": "https://e.ikcrm.com/assets/male_uc.jpg",
"department_name": "总经理办公室"
},
"before_user": {
"id": 364514,
"email": "18500000000@qq.com",
"created_at": "2018-01-10 10:10",
"name": "刘双",
"organization_id": 49,
"phone": "18500000000",
"role_id": 171,
"workflow_state": "organization_staff",
"job": "",
"tel": "",
"avatar_url": "https://e.ikcrm.com/assets/male_uc.jpg",
"department_name": "总经理办公室"
},
"before_owned_department": {
"id": 395,
"name": "总经理办公室"
},
"not_revisit_at_time_str": "36天未跟进",
"history_contarct_money": 0.0,
"total_have_receive_pay": 0.0,
"total_not_receive_pay": 0.0,
"is_editable": true,
"flow_into_at": "2019-02-07 16:03",
"contacts": [
],
"expect_flow_at": "",
"will_flow_time": "",
"need_hidden_dispose": false,
"revisit_remind_at": "",
"customer_common_setting_id": 45,
"before_customer_common_setting": "##;

#[test]
fn ikcrm_truncated_after_a_colon_drops_the_key() {
    let r = read_lenient(TRUNC_DANGLING);
    let v = value(&r);
    assert_eq!(v["data"]["customer_common_setting_id"], json!(45));
    assert!(v["data"].get("before_customer_common_setting").is_none());
    assert_repairs(
        &r,
        &[
            (
                at(TRUNC_DANGLING, "\"before_customer_common_setting\""),
                "dropped key `before_customer_common_setting` without value at end of example",
            ),
            (
                TRUNC_DANGLING.len(),
                "example is truncated: closed 2 open brackets",
            ),
        ],
    );
}

/// weiwenjia contact_detial.1.txt, line 15 to the end: cut off inside a value string.
const TRUNC_STRING: &str = r##"{
"code": 0,
"data": {
"id": 20583,
"name": "???",
"department": "",
"job": "",
"category": "",
"category_mapped": "",
"gender": "",
"note": "",
"birth_date": "",
"gender_i18n": "",
"created_at": "2016-06-21 11:32",
"updated_at": "2019-02-20 16:45",
"attachment": {
"id": 14918,
"name": "attachment_1466479956.jpg",
"attachmentable_id": 20583,
"attachmentable_type": "Contact",
"created_at": "2016-06-21T11:32:37.000+08:00",
"updated_at": "2016-06-21T11:32:37.000+08:00",
"file_file_name": "attachment_1466479956.jpg",
"file_content_type": "image/jpeg",
"file_file_size": 256196,
"file_updated_at": "2016-06-21T11:32:37.000+08:00",
"user_id": 441,
"organization_id": 57,
"deleted_at": null,
"note": null,
"sub_type": "",
"qiniu_persistent_id": "",
"attachment_position": null,
"wx_media_id": null,
"file_url": "https://dn-ikcrm-files-dev.qbox.me/attachments/files/14918/attachment_1466479956.jpg"
},
"customer": {
"id": 73717,
"name": "0永豐餘投資有限公司",
"name_pinyin": "0yongfengyutouziyouxiangongsi",
"user_id": 443,
"user_name": "大",
"contacts": [
{
"id": 20583,
"name": "???",
"address": {
"id": 177110,
"tel": "0218585886",
"tel_hidden_result": "0218585886",
"phone": "15000741320",
"phone_hidden_result": "15000741320",
"qq": "",
"email": "",
"lng": 121.42799,
"lat": 31.229676,
"detail_address": "上海市静安区长寿路 1111 号22楼2201 室",
"off_distance": -1,
"url": "",
"gaode_staticmap": "http://restapi.amap.com/v3/staticmap?key=6336624d908c499cace3998613723a3a&location=121.42799%2C31.229676&markers=mid%2C%2CA%3A121.42799%2C31.229676&scale=2&size=524%2A180&zoom=16",
"full_address": "中国 天津 天津市 红桥区 上海市静安区长寿路 1111 号22楼2201 室"
}
},
{
"id": 27826,
"name": "小"##;

#[test]
fn ikcrm_truncated_inside_a_value_string() {
    let r = read_lenient(TRUNC_STRING);
    let v = value(&r);
    let contacts = v["data"]["customer"]["contacts"].as_array().unwrap();
    let last = contacts.last().unwrap();
    assert_eq!(last["id"], json!(27826));
    assert_eq!(last["name"], json!("小"));
    assert_repairs(
        &r,
        &[
            (
                TRUNC_STRING.len() - "\"小".len(),
                "closed unterminated string at end of example",
            ),
            (
                TRUNC_STRING.len(),
                "example is truncated: closed 5 open brackets",
            ),
        ],
    );
}

/// weiwenjia oppo_detials.1.txt, line 13 to the end: cut off inside `false`.
const TRUNC_LITERAL: &str = r##"{
"code": 0,
"data": {
"id": 13293,
"customer": {
"id": 82381,
"name": "速度",
"status": "3065",
"status_mapped": "初访",
"note": "121251sadg",
"category": "",
"category_mapped": "",
"source": "",
"source_mapped": "",
"industry": "",
"industry_mapped": "",
"parent": {},
"staff_size": 0,
"staff_size_display": "",
"staff_size_mapped": "",
"created_at": "2016-12-19 16:35",
"updated_at": "2017-04-05 14:12",
"is_own": true,
"attachments": "暂无附件",
"company_name": "",
"is_has_policy_for_assist_user": false,
"is_my_assist_entity": false,
"qixinbao_id": "",
"creator": {
"id": 1,
"email": "test@qq.com",
"created_at": "2017-04-13T00:00:00.000+08:00",
"name": "test@qq.com",
"organization_id": 30,
"phone": "157214621171",
"role_id": 86,
"workflow_state": "organization_owner",
"job": "6666",
"tel": "021-45555555",
"avatar_url": "https://dn-ikcrm-files-dev.qbox.me/attachments/files/14088/1.jpg?imageMogr2/thumbnail/!100x100r/crop/!100x100/format/jpg/auto-orient",
"department_name": "研发2部"
},
"before_user": {
"id": 1,
"email": "test@qq.com",
"created_at": "2017-04-13T00:00:00.000+08:00",
"name": "test@qq.com",
"organization_id": 30,
"phone": "157214621171",
"role_id": 86,
"workflow_state": "organization_owner",
"job": "6666",
"tel": "021-45555555",
"avatar_url": "https://dn-ikcrm-files-dev.qbox.me/attachments/files/14088/1.jpg?imageMogr2/thumbnail/!100x100r/crop/!100x100/format/jpg/auto-orient",
"department_name": "研发2部"
},
"before_owned_department": {
"id": 44,
"name": "研发2部"
},
"not_revisit_at_time_str": "140天未跟进",
"history_contarct_money": 11,
"total_have_receive_pay": 0,
"total_not_receive_pay": 11,
"is_editable": true,
"flow_into_at": "",
"contacts": [],
"expect_flow_at": "2017-08-24 16:00",
"need_hidden_dispose": fals"##;

#[test]
fn ikcrm_truncated_literal_is_completed() {
    let r = read_lenient(TRUNC_LITERAL);
    let v = value(&r);
    assert_eq!(v["data"]["customer"]["need_hidden_dispose"], json!(false));
    assert_eq!(
        v["data"]["customer"]["expect_flow_at"],
        json!("2017-08-24 16:00")
    );
    assert_repairs(
        &r,
        &[
            (
                TRUNC_LITERAL.len() - 4,
                "completed `fals` cut off at end of example as `false`",
            ),
            (
                TRUNC_LITERAL.len(),
                "example is truncated: closed 3 open brackets",
            ),
        ],
    );
}

// ---------------------------------------------------------------------------
// Repairs with no real excerpt: small synthetic inputs
// ---------------------------------------------------------------------------

#[test]
fn block_and_hash_comments_but_not_inside_strings() {
    let text = "{\"a\": 1, /* note */ \"u\": \"http://x.com/#/a//b\", # hash\n\"b\": 2}";
    let r = read_lenient(text);
    assert_eq!(
        value(&r),
        &json!({"a": 1, "u": "http://x.com/#/a//b", "b": 2})
    );
    assert_repairs(
        &r,
        &[
            (at(text, "/*"), "removed `/* */` comment"),
            (at(text, "# hash"), "removed `#` comment"),
        ],
    );
    let r = read_lenient("{\"a\": 1 /* cut");
    assert_eq!(value(&r), &json!({"a": 1}));
    assert_eq!(
        r.repairs[0],
        super::Repair {
            offset: 8,
            kind: super::RepairKind::Comment,
            message: "removed unterminated `/*` comment".into()
        }
    );
}

#[test]
fn misspelled_and_foreign_literals() {
    let text = "[flase, ture, True, False, None, NULL, undefined, NaN, true, null]";
    let r = read_lenient(text);
    assert_eq!(
        value(&r),
        &json!([false, true, true, false, null, null, null, null, true, null])
    );
    assert_eq!(r.repairs.len(), 8);
    assert_eq!(r.repairs[0].offset, 1);
    assert_eq!(r.repairs[0].message, "replaced `flase` with `false`");
    assert_eq!(r.repairs[7].offset, at(text, "NaN"));
    assert_eq!(r.repairs[7].message, "replaced `NaN` with `null`");
}

#[test]
fn literal_newlines_tabs_and_invalid_escapes_in_strings() {
    let text =
        "{\"a\": \"line1\nline2\tx\", \"p\": \"C:\\dir\", \"q\": 'it\\'s', \"e\": \"\\ud800x\"}";
    let r = read_lenient(text);
    assert_eq!(
        value(&r),
        &json!({"a": "line1\nline2\tx", "p": "C:\\dir", "q": "it's", "e": "\u{FFFD}x"})
    );
    assert_repairs(
        &r,
        &[
            (at(text, "\nline2"), "kept literal newline inside string"),
            (at(text, "\tx"), "kept literal tab inside string"),
            (at(text, "\\dir"), "kept invalid escape `\\d` as written"),
            (at(text, "'it"), "single-quoted string: read as a string"),
            (
                at(text, "\\ud800"),
                "replaced lone surrogate escape with U+FFFD",
            ),
        ],
    );
}

#[test]
fn missing_values_missing_colon_and_stray_colon() {
    let text = r#"{"a": , "b" 2, "c": }"#;
    let r = read_lenient(text);
    assert_eq!(value(&r), &json!({"a": null, "b": 2, "c": null}));
    assert_repairs(
        &r,
        &[
            (
                at(text, ", \"b\""),
                "missing value after key `a`: set to null",
            ),
            (after(text, "\"b\""), "inserted missing `:` after key"),
            (at(text, "}"), "missing value after key `c`: set to null"),
        ],
    );
    let text = r#"{"a": 1: 2, "d": 1}"#;
    let r = read_lenient(text);
    assert_eq!(value(&r), &json!({"a": 1, "d": 1}));
    assert_repairs(
        &r,
        &[(
            at(text, ": 2"),
            "removed stray `:` after a value, and the value after it",
        )],
    );
    // With strings, the unescaped-quote rule applies first: a value string's quote
    // followed by `:` is text.
    let r = read_lenient(r#"{"a": "b": "c", "d": 1}"#);
    assert_eq!(value(&r), &json!({"a": "b\": \"c", "d": 1}));
}

#[test]
fn unquoted_keys_and_bare_words() {
    let text = "{code: 0, msg: 成功, time: 10:30, url: http://x.com/a, d: 2017-12-10, z: 0123}";
    let r = read_lenient(text);
    assert_eq!(
        value(&r),
        &json!({"code": 0, "msg": "成功", "time": "10:30", "url": "http://x.com/a",
                "d": "2017-12-10", "z": "0123"})
    );
    assert_eq!(r.repairs[0].offset, 1);
    assert_eq!(r.repairs[0].message, "quoted unquoted key `code`");
    assert_eq!(r.repairs[2].offset, at(text, "成功"));
    assert_eq!(r.repairs[2].message, "kept bare word `成功` as a string");
    assert_eq!(r.repairs.len(), 11);
}

#[test]
fn text_before_and_after_the_value() {
    let text = "成功示例：\n{\"code\": 0}\n失败示例：\n{\"code\": 1}";
    let r = read_lenient(text);
    assert_eq!(value(&r), &json!({"code": 0}));
    assert_repairs(
        &r,
        &[
            (0, "skipped text before the JSON value: `成功示例：`"),
            (
                at(text, "失败"),
                "ignored trailing text after the JSON value: `失败示例：\n{\"code\": 1}`",
            ),
        ],
    );
    // The span lets a caller read the second example.
    let (_, end) = r.span.unwrap();
    let second = read_lenient(&text[end..]);
    assert_eq!(second.value, Some(json!({"code": 1})));
}

#[test]
fn truncated_numbers_keep_their_prefix() {
    let r = read_lenient("{\"a\": 12.");
    assert_eq!(value(&r), &json!({"a": 12}));
    assert_repairs(
        &r,
        &[
            (6, "incomplete number `12.`: kept `12`"),
            (9, "example is truncated: closed 1 open bracket"),
        ],
    );
    let r = read_lenient("[1.5e");
    assert_eq!(value(&r), &json!([1.5]));
    let r = read_lenient("{\"a\": -");
    assert_eq!(value(&r), &json!({}));
}

#[test]
fn ellipsis_forms() {
    let text = "{\"list\": [1, 2, …], \"more\": ..., ......, \"x\": {……}}";
    let r = read_lenient(text);
    assert_eq!(value(&r), &json!({"list": [1, 2], "more": null, "x": {}}));
    assert_repairs(
        &r,
        &[
            (at(text, "…]"), "dropped `…` placeholder"),
            (
                at(text, "..., "),
                "replaced `...` placeholder value with null",
            ),
            (at(text, "......"), "dropped `......` placeholder"),
            (at(text, "……"), "dropped `……` placeholder"),
        ],
    );
}

#[test]
fn full_width_brackets_duplicates_and_unmatched_closers() {
    let r = read_lenient("｛\"a\"：［1，2］｝");
    assert_eq!(value(&r), &json!({"a": [1, 2]}));
    assert_eq!(r.repairs.len(), 6);

    let text = r#"{"a": 1, "b": 2, "a": 3}"#;
    let r = read_lenient(text);
    assert_eq!(value(&r), &json!({"a": 3, "b": 2}));
    let keys: Vec<&String> = r
        .value
        .as_ref()
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["a", "b"], "same order as serde_json");
    assert_repairs(&r, &[(17, "duplicate key `a`: kept the last value")]);

    // `}` closes the array left open inside its object, then the object.
    let r = read_lenient(r#"{"a": [{"b": 1}}"#);
    assert_eq!(value(&r), &json!({"a": [{"b": 1}]}));
    assert_repairs(
        &r,
        &[(15, "closed array opened at byte 6, left open before `}`")],
    );

    let r = read_lenient(r#"{"a": 1]}"#);
    assert_eq!(value(&r), &json!({"a": 1}));
    assert_repairs(&r, &[(7, "removed unmatched `]`")]);
}

#[test]
fn trailing_and_extra_commas() {
    let text = "[1,, 2, ]";
    let r = read_lenient(text);
    assert_eq!(value(&r), &json!([1, 2]));
    assert_repairs(
        &r,
        &[(3, "removed extra comma"), (6, "removed trailing comma")],
    );
}

#[test]
fn unescaped_quote_rule() {
    // Followed by `:` in a value: text. Followed by `}` then a quote: text.
    let r = read_lenient(r#"{"s": "{"a": "b"}", "t": 1}"#);
    assert_eq!(value(&r), &json!({"s": r#"{"a": "b"}"#, "t": 1}));
    // No later closing quote on the line: the quote closes the string.
    let r = read_lenient("{\"s\": \"x\"y\n}");
    assert_eq!(value(&r)["s"], json!("x"));
    // A quote followed by a quote: a missing comma, not text.
    let r = read_lenient(r#"["a" "b"]"#);
    assert_eq!(value(&r), &json!(["a", "b"]));
    assert_repairs(&r, &[(4, "inserted missing comma")]);
    // Quotes inside a word are text: 他说"好"了.
    let r = read_lenient(r#"{"s": "他说"好"了"}"#);
    assert_eq!(value(&r)["s"], json!(r#"他说"好"了"#));
}

#[test]
fn no_value_is_an_error() {
    for text in ["", "  \n", "暂无", "code: 0", "'x'"] {
        let r = read_lenient(text);
        assert!(r.value.is_none(), "{text:?}");
        assert!(r.error.is_some(), "{text:?}");
    }
    assert_eq!(read_lenient("").error.unwrap().message, "empty example");
    assert_eq!(
        read_lenient("暂无").error.unwrap().message,
        "no JSON object or array found"
    );
}

#[test]
fn deep_nesting_is_cut_at_max_depth() {
    for open in ["[", "{\"a\":"] {
        let n = 10_000;
        let close = if open == "[" { "]" } else { "}" };
        let text = format!("{}1{}", open.repeat(n), close.repeat(n));
        let r = read_lenient(&text);
        let mut v = value(&r);
        let mut depth = 0;
        while let Some(inner) = v.as_array().map(|a| &a[0]).or_else(|| v.get("a")) {
            v = inner;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert!(v.is_null());
        assert_eq!(r.repairs.len(), 1, "{:?}", r.repairs);
        assert_eq!(r.repairs[0].offset, MAX_DEPTH * open.len());
        assert!(r.repairs[0]
            .message
            .contains("nested deeper than 256 levels"));
        // Truncated deep input: everything is closed.
        let r = read_lenient(&open.repeat(n));
        assert!(r.value.is_some());
        assert!(r
            .repairs
            .iter()
            .any(|x| x.message == format!("example is truncated: closed {n} open brackets")));
    }
}

// ---------------------------------------------------------------------------
// Strict JSON: same as serde_json, zero repairs
// ---------------------------------------------------------------------------

const STRICT: &[&str] = &[
    "{}",
    "[]",
    " {\"a\" : [1, -2, 3.5, 0.0, 19800.0, -0, -0.0, 1e3, 1E-3, 2.5e+10] } ",
    "[18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]",
    "[123456789012345678901234567890, 0.1, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308]",
    r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00", "u": "http://x.com/#a//b", "e": ""}"#,
    r#"{"a": {"b": {"c": [[], {}, [null, true, false]]}}}"#,
    "{\n  \"code\": 0,\n  \"data\": {\"expect_amount\": \"20000.0\", \"unreceived_amount\": 19800}\n}",
    r#"[" ", "'", "“x”", "a:b", "} ]", "中文"]"#,
    r#"{"a": 1, "a": 2}"#,
    "\"just a string\"",
    "12",
    "-0.5",
    "true",
    "null",
];

#[test]
fn strict_json_reads_as_serde_json_with_zero_repairs() {
    for text in STRICT {
        let expected: Value = serde_json::from_str(text).unwrap();
        let r = read_lenient(text);
        assert_eq!(r.value.as_ref(), Some(&expected), "{text}");
        assert_eq!(
            serde_json::to_string(&r.value).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        if !text.contains("\"a\": 2") {
            assert!(r.repairs.is_empty(), "{text}: {:?}", r.repairs);
        }
        assert!(r.error.is_none());
    }
    let r = read_lenient("[0.0, 19800.0, 12, -3, 18446744073709551616]");
    let a = r.value.unwrap();
    assert!(a[0].is_f64() && a[1].is_f64() && a[4].is_f64());
    assert!(a[2].is_u64() && a[3].is_i64());
}

/// Every fenced block of every fixture page that serde_json accepts reads the same,
/// with zero repairs (duplicate keys aside).
#[test]
fn strict_fixture_blocks_read_as_serde_json() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/showdoc-md");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(page) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (i, block) in page.split("```").enumerate() {
            if i % 2 == 0 {
                continue;
            }
            let body = block.split_once('\n').map_or("", |(_, b)| b);
            if let Ok(expected) = serde_json::from_str::<Value>(body) {
                let r = read_lenient(body);
                assert_eq!(r.value.as_ref(), Some(&expected), "{}", path.display());
                assert!(
                    r.repairs
                        .iter()
                        .all(|x| x.message.starts_with("duplicate key")),
                    "{}: {:?}",
                    path.display(),
                    r.repairs
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "only {checked} strict blocks");
}

// ---------------------------------------------------------------------------
// Truncation at every offset
// ---------------------------------------------------------------------------

#[test]
fn truncating_anywhere_never_panics_and_keeps_a_value() {
    let docs = [
        LMS,
        AREA,
        CURLY,
        r#"{"a": [1, 2.5e3, -0.25, "x\"y\u00e9", {"b": null, "c": true, "d": false}], "中": "文"}"#,
        r#"[{"id": 1, "tags": ["a", "b"]}, {"id": 2, "nested": {"x": [[[]]]}}]"#,
        STRICT[5],
    ];
    for doc in docs {
        let first = doc.find(['{', '[']).unwrap();
        for cut in 0..=doc.len() {
            if !doc.is_char_boundary(cut) {
                continue;
            }
            let part = &doc[..cut];
            let r = read_lenient(part);
            if cut > first {
                assert!(r.value.is_some(), "no value for {part:?}");
                assert!(r.error.is_none());
                if cut < doc.trim_end().len() && !part.trim_end().ends_with(['}', ']']) {
                    assert!(
                        !r.repairs.is_empty() || serde_json::from_str::<Value>(part).is_ok(),
                        "{part:?}"
                    );
                }
            }
            for rep in &r.repairs {
                assert!(rep.offset <= part.len());
            }
        }
    }
}

#[test]
fn pathological_inputs_stay_linear() {
    // Each would be quadratic with a naive look-ahead or stack search; in a debug
    // build these finish in well under a second each.
    let n = 200_000;
    let inputs = [
        format!("[\"{}]", "\"a".repeat(n)),
        format!("{{\"k\": \"{}}}", "x\" ".repeat(n)),
        format!("[{}", "'it's' ".repeat(n)),
        format!("{}{}", "[".repeat(300), "}".repeat(n)),
        format!("{{{}", "` ".repeat(n)),
        format!("[{}", "/* */ // x\n".repeat(n / 4)),
    ];
    for text in &inputs {
        let t = std::time::Instant::now();
        let r = read_lenient(text);
        assert!(r.value.is_some());
        assert!(r.repairs.len() <= super::MAX_REPAIRS + 1);
        assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    }
}
