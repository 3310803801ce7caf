#!/usr/bin/env python3
"""Writes every input file of testdata/events/ (bytes-exact).  Run, then `oracle.py --regen`.

Only the public samples are copied from /work/shared/data/public; everything else is built here.
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
EV = os.path.join(os.path.dirname(HERE), "events")
PUB = "/work/shared/data/public"

SYSMON = "Microsoft-Windows-Sysmon"
CHAN = "Microsoft-Windows-Sysmon/Operational"
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
CF = "C:\\Program Files (x86)\\cloudflared\\cloudflared.exe"


def base(**kw):
    d = {
        "UtcTime": "2026-12-01 12:10:00.000",
        "Image": CF,
        "User": "CORP\\svc_tunnel",
        "Protocol": "tcp",
        "Initiated": "true",
        "SourceIsIpv6": "false",
        "SourceIp": "10.0.0.5",
        "SourceHostname": "ws-01.corp.local",
        "SourcePort": "50123",
        "DestinationIsIpv6": "false",
        "DestinationIp": "198.41.192.7",
        "DestinationHostname": "region1.v2.argotunnel.com",
        "DestinationPort": "7844",
    }
    for k, v in kw.items():
        if v is DROP:
            d.pop(k, None)
        else:
            d[k] = v
    return d


DROP = object()


class Raw(str):
    """XML text already escaped / containing markup."""


def xesc(v):
    if isinstance(v, Raw):
        return str(v)
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")


def xml_event(fields, eid="3", provider=SYSMON, channel=CHAN, computer="WS-01.corp.local",
              systime="2026-12-01T12:10:00.1234567Z", decl="", eid_xml=None, system_extra=""):
    sysparts = []
    if provider is not None:
        sysparts.append("<Provider Name='%s' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/>" % xesc(provider))
    if eid_xml is not None:
        sysparts.append(eid_xml)
    elif eid is not None:
        sysparts.append("<EventID>%s</EventID>" % xesc(eid))
    sysparts.append("<Version>5</Version><Level>4</Level><Task>3</Task><Opcode>0</Opcode>"
                    "<Keywords>0x8000000000000000</Keywords>")
    if systime is not None:
        sysparts.append("<TimeCreated SystemTime='%s'/>" % xesc(systime))
    sysparts.append("<EventRecordID>1001</EventRecordID><Correlation/>"
                    "<Execution ProcessID='2684' ThreadID='1380'/>")
    if channel is not None:
        sysparts.append("<Channel>%s</Channel>" % xesc(channel))
    if computer is not None:
        sysparts.append("<Computer>%s</Computer>" % xesc(computer))
    sysparts.append("<Security UserID='S-1-5-18'/>")
    sysparts.append(system_extra)
    data = "".join("<Data Name='%s'>%s</Data>" % (k, xesc(v)) for k, v in fields.items())
    return "%s<Event xmlns='%s'><System>%s</System><EventData><Data Name='RuleName'>-</Data>%s</EventData></Event>" % (
        decl, NS, "".join(sysparts), data)


def wlb_event(ed, event_id="3", provider=SYSMON, channel=CHAN, computer="WS-01.corp.local",
              ts="2026-12-01T12:10:01.5550000Z", code="3", host="ws-01", drop=()):
    winlog = {"channel": channel, "computer_name": computer, "event_data": ed,
              "event_id": event_id, "provider_name": provider, "record_id": 42, "version": 5}
    for k in drop:
        winlog.pop(k, None)
    d = {"@timestamp": ts,
         "event": {"action": "Network connection detected (rule: NetworkConnect)", "code": code,
                   "kind": "event", "provider": SYSMON},
         "host": {"name": host},
         "winlog": winlog}
    if ts is None:
        del d["@timestamp"]
    return json.dumps(d, ensure_ascii=False)


def flat_event(fields, eid=3, computer="WS-01.corp.local", source=SYSMON, channel=CHAN, extra=None,
               first=None):
    d = {}
    if first:
        d.update(first)
    d.update({"EventTime": "2026-12-01 13:10:02", "Hostname": computer, "EventID": eid,
              "SourceName": source, "Channel": channel})
    for k in ("EventID", "SourceName", "Channel", "Hostname"):
        if d[k] is DROP:
            del d[k]
    d.update(fields)
    if extra:
        d.update(extra)
    return json.dumps(d, ensure_ascii=False)


def write(name, lines, raw=False):
    path = os.path.join(EV, name)
    if raw:
        data = b"".join(lines)
    else:
        data = "".join(l + "\n" for l in lines).encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)


def main():
    os.makedirs(EV, exist_ok=True)
    for f in os.listdir(EV):
        os.remove(os.path.join(EV, f))

    # ---------------------------------------------------------------- public samples verbatim
    with open(os.path.join(PUB, "sysmon_eid3_security_content_example.xml"), "rb") as fh:
        pub_xml = fh.read()
    with open(os.path.join(PUB, "winlogbeat_sysmon_eid3.jsonl"), "rb") as fh:
        pub_wlb = fh.read()
    write("public-xml.xml", [pub_xml], raw=True)
    write("public-winlogbeat.jsonl", [pub_wlb], raw=True)
    # same, DestinationPort changed to 7844 (event_data and the message text)
    x = pub_xml.replace(b"<Data Name='DestinationPort'>21</Data>", b"<Data Name='DestinationPort'>7844</Data>")
    assert x != pub_xml
    write("public-xml-7844.xml", [x], raw=True)
    out = []
    for line in pub_wlb.decode("utf-8").splitlines():
        n = re.sub(r'"DestinationPort": "\d+"', '"DestinationPort": "7844"', line)
        n = re.sub(r"DestinationPort: \d+", "DestinationPort: 7844", n)
        assert n != line
        out.append(n)
    write("public-winlogbeat-7844.jsonl", out)

    # ---------------------------------------------------------------- the four encodings, one group
    b = base()
    cim = {"_time": "2026-12-01T12:14:00Z", "action": "allowed", "app": CF,
           "dest": "region1.v2.argotunnel.com", "dest_ip": "198.41.192.7", "dest_port": 7844,
           "direction": "outbound", "dvc": "WS-01.corp.local", "protocol": "ip",
           "protocol_version": "ipv4", "src": "ws-01.corp.local", "src_ip": "10.0.0.5",
           "src_port": 50127, "transport": "tcp", "user": "svc_tunnel",
           "vendor_product": "Microsoft Sysmon"}
    flat_nested = {"EventTime": "2026-12-01 13:13:00", "Hostname": "WS-01.corp.local", "EventID": 3,
                   "SourceName": SYSMON, "Channel": CHAN,
                   "EventData": base(UtcTime="2026-12-01 12:13:00.000", SourcePort="50126")}
    write("encodings-mixed.log", [
        xml_event(base(UtcTime="2026-12-01 12:10:00.000", SourcePort="50123")),
        wlb_event(base(UtcTime="2026-12-01 12:11:00.000", SourcePort="50124")),
        flat_event(base(UtcTime="2026-12-01 12:12:00.000", SourcePort="50125")),
        json.dumps(flat_nested),
        json.dumps(cim),
        # another group in the same window: same event, inbound (Initiated=false), XML
        xml_event(base(UtcTime="2026-12-01 12:15:00.000", Initiated="false")),
    ])

    # ---------------------------------------------------------------- section 3 defaults
    minimal = {"UtcTime": "2026-12-01 12:20:00.000", "DestinationPort": "7844"}
    write("field-defaults.jsonl", [
        # 1 everything absent but port and time (no Computer/Hostname either)
        flat_event(minimal, computer=DROP),
        # 2 every field JSON null
        flat_event({"UtcTime": "2026-12-01 12:21:00.000", "DestinationPort": "7844", "Image": None,
                    "User": None, "Protocol": None, "Initiated": None, "SourceIp": None,
                    "SourceHostname": None, "SourcePort": None, "DestinationIsIpv6": None,
                    "DestinationIp": None, "DestinationHostname": None}, computer=None),
        # 3 every field empty string
        flat_event({"UtcTime": "2026-12-01 12:22:00.000", "DestinationPort": "7844", "Image": "",
                    "User": "", "Protocol": "", "Initiated": "", "SourceIp": "",
                    "SourceHostname": "", "SourcePort": "", "DestinationIsIpv6": "",
                    "DestinationIp": "", "DestinationHostname": ""}, computer=""),
        # 4 every field "-"
        flat_event({"UtcTime": "2026-12-01 12:23:00.000", "DestinationPort": "7844", "Image": "-",
                    "User": "-", "Protocol": "-", "Initiated": "-", "SourceIp": "-",
                    "SourceHostname": "-", "SourcePort": "-", "DestinationIsIpv6": "-",
                    "DestinationIp": "-", "DestinationHostname": "-"}, computer="-"),
        # 5 DestinationHostname "-" falls back to DestinationIp; SourceHostname "-" to SourceIp
        flat_event(base(UtcTime="2026-12-01 12:24:00.000", DestinationHostname="-", SourceHostname="-")),
        # 6 DestinationHostname empty / SourceHostname absent
        flat_event(base(UtcTime="2026-12-01 12:25:00.000", DestinationHostname="", SourceHostname=DROP)),
        # 7 SourceHostname "-" and SourceIp "-": src unknown, src_ip "-"
        flat_event(base(UtcTime="2026-12-01 12:26:00.000", SourceHostname="-", SourceIp="-")),
        # 8 Computer key ("Computer" wins over "Hostname"); empty Computer falls back to Hostname
        flat_event(base(UtcTime="2026-12-01 12:27:00.000"), extra={"Computer": "DC-01.corp.local"}),
        flat_event(base(UtcTime="2026-12-01 12:28:00.000"), extra={"Computer": ""}),
        # 10 non-integer src_port -> "0" (several spellings in one group)
        flat_event(base(UtcTime="2026-12-01 12:29:00.000", SourcePort="abc")),
        flat_event(base(UtcTime="2026-12-01 12:29:01.000", SourcePort="-1")),
        flat_event(base(UtcTime="2026-12-01 12:29:02.000", SourcePort="61722.0")),
        flat_event(base(UtcTime="2026-12-01 12:29:03.000", SourcePort="")),
        flat_event(base(UtcTime="2026-12-01 12:29:04.000", SourcePort="\u0665\u0660\u0661")),
    ])

    # ---------------------------------------------------------------- user rules
    users = ["CORP\\svc_tunnel", "CORP\\", "CORP\\a\\", "a\\\\b", "\\", "\\x", "svc_local",
             "NT AUTHORITY\\NETWORK SERVICE", "-", "DOM\\sub\\name", " CORP\\ spaced "]
    write("user-rules.jsonl", [
        flat_event(base(UtcTime="2026-12-01 12:30:%02d.000" % i, User=u)) for i, u in enumerate(users)
    ] + [
        # XML: same rule; ATTACKRANGE\Administrator -> Administrator
        xml_event(base(UtcTime="2026-12-01 12:31:00.000", User="ATTACKRANGE\\Administrator")),
    ])

    # ---------------------------------------------------------------- booleans, protocol
    lines = []
    for i, v in enumerate(["true", "TRUE", "True", "1", "yes", "false", " true", "tRuE"]):
        lines.append(flat_event(base(UtcTime="2026-12-01 12:32:%02d.000" % i, Initiated=v)))
    lines.append(flat_event(base(UtcTime="2026-12-01 12:32:30.000", Initiated=True)))
    lines.append(flat_event(base(UtcTime="2026-12-01 12:32:31.000", Initiated=False)))
    for i, v in enumerate(["true", "TRUE", "True", "1", "yes", "false"]):
        lines.append(flat_event(base(UtcTime="2026-12-01 12:33:%02d.000" % i, DestinationIsIpv6=v,
                                     DestinationIp="2606:4700:a0::7")))
    lines.append(flat_event(base(UtcTime="2026-12-01 12:33:30.000", DestinationIsIpv6=True,
                                 DestinationIp="2606:4700:a0::7")))
    for i, v in enumerate(["TCP", "Tcp", "UDP", "tcp", "\u00dcDP"]):
        lines.append(flat_event(base(UtcTime="2026-12-01 12:34:%02d.000" % i, Protocol=v)))
    lines.append(xml_event(base(UtcTime="2026-12-01 12:35:00.000", Initiated="TRUE", Protocol="UDP",
                                DestinationIsIpv6="True")))
    write("booleans-protocol.log", lines)

    # ---------------------------------------------------------------- ports (mixed encodings)
    P = lambda i: "2026-12-01 12:40:%02d.000" % i
    lines = [
        flat_event(base(UtcTime=P(0), DestinationPort="7844")),          # 1 match
        flat_event(base(UtcTime=P(1), DestinationPort=7844)),            # 2 match (number)
        flat_event(base(UtcTime=P(2), DestinationPort="07844")),         # 3 match
        flat_event(base(UtcTime=P(3), DestinationPort=" 7844 ")),        # 4 match
        flat_event(base(UtcTime=P(4), DestinationPort="\t7844\r\n")),    # 5 match (escaped ws)
        flat_event(base(UtcTime=P(5), DestinationPort="78440")),         # 6 no
        flat_event(base(UtcTime=P(6), DestinationPort="-7844")),         # 7 no
        flat_event(base(UtcTime=P(7), DestinationPort="7844.0")),        # 8 no
        flat_event(base(UtcTime=P(8), DestinationPort="7.844e3")),       # 9 no
        flat_event(base(UtcTime=P(9), DestinationPort="\u0667\u0668\u0664\u0664")),  # 10 no (Arabic-Indic)
        flat_event(base(UtcTime=P(10), DestinationPort="\uff17\uff18\uff14\uff14")),  # 11 no (fullwidth)
        flat_event(base(UtcTime=P(11), DestinationPort="+7844")),        # 12 no
        flat_event(base(UtcTime=P(12), DestinationPort="7844 tcp")),     # 13 no
        flat_event(base(UtcTime=P(13), DestinationPort="\u00a07844")),   # 14 no (NBSP is not whitespace)
        flat_event(base(UtcTime=P(14), DestinationPort="443", SourcePort="7844")),  # 15 no: src_port 7844
        flat_event(base(UtcTime=P(15), DestinationPort="")),             # 16 no
    ]
    # raw JSON number literals
    tmpl = flat_event(base(UtcTime="@T@", DestinationPort="@P@"))
    for i, lit in enumerate(["7844.0", "7.844e3", "-7844", "7844e0", "0"], start=16):
        lines.append(tmpl.replace('"@T@"', '"%s"' % P(i)).replace('"@P@"', lit))   # 17..21 no
    # JSON escape
    lines.append(tmpl.replace('"@T@"', '"%s"' % P(21)).replace('"@P@"', '"\\u0037844"'))  # 22 match
    lines.append(tmpl.replace('"@T@"', '"%s"' % P(22)).replace('"@P@"', '"\\u0037\\u0038\\u0034\\u0034"'))  # 23 match
    write("ports.jsonl", lines)
    lines = []
    # XML
    lines.append(xml_event(base(UtcTime=P(23), DestinationPort=Raw("&#55;844"))))              # 24 match
    lines.append(xml_event(base(UtcTime=P(24), DestinationPort=Raw("&#x37;&#x38;&#x34;&#x34;"))))  # 25 match
    lines.append(xml_event(base(UtcTime=P(25), DestinationPort=" 07844 ")))                   # 26 match
    lines.append(xml_event(base(UtcTime=P(26), DestinationPort=Raw("&#9;7844&#10;"))))        # 27 match
    lines.append(xml_event(base(UtcTime=P(27), DestinationPort=Raw("<![CDATA[7844]]>"))))     # 28 match
    lines.append(xml_event(base(UtcTime=P(28), DestinationPort=Raw("78<!-- split -->44"))))   # 29 match
    lines.append(xml_event(base(UtcTime=P(29), DestinationPort="7844.0")))                    # 30 no
    lines.append(xml_event(base(UtcTime=P(30), DestinationPort=Raw("&#x0667;&#x0668;&#x0664;&#x0664;"))))  # 31 no
    lines.append(wlb_event(base(UtcTime=P(31), DestinationPort=7844)))                        # 32 match
    lines.append(wlb_event(base(UtcTime=P(32), DestinationPort="0007844")))                   # 33 match
    lines.append(json.dumps({"_time": P(33), "dest_port": "07844", "src_port": "50123"}))    # 34 match (CIM, own group)
    lines.append(json.dumps({"_time": P(34), "dest_port": 78440}))                            # 35 no (CIM)
    write("ports-mixed.log", lines)

    # ---------------------------------------------------------------- src_port order and dedup
    lines = []
    for i, sp in enumerate(["9000", "10000", "0443", "443", 443, "  443", "2", "7844", "abc", "050123", "50123"]):
        lines.append(flat_event(base(UtcTime="2026-12-01 12:41:%02d.000" % i, SourcePort=sp)))
    write("src-port-order.jsonl", lines)

    # ---------------------------------------------------------------- event id
    T = lambda i: "2026-12-01 12:42:%02d.000" % i
    lines = [
        flat_event(base(UtcTime=T(0)), eid="03"),      # 1 counts
        flat_event(base(UtcTime=T(1)), eid=" 3 "),     # 2 counts
        flat_event(base(UtcTime=T(2)), eid=3),         # 3 counts
        flat_event(base(UtcTime=T(3)), eid="3"),       # 4 counts
        flat_event(base(UtcTime=T(4)), eid="3a"),      # 5 skip
        flat_event(base(UtcTime=T(5)), eid=DROP),      # 6 skip (absent; still flat: has DestinationPort)
        flat_event(base(UtcTime=T(6)), eid=None),      # 7 skip (null)
        flat_event(base(UtcTime=T(7)), eid="3.0"),     # 8 skip
        flat_event(base(UtcTime=T(8)), eid=1),         # 9 skip
        flat_event(base(UtcTime=T(9)), eid="\u0663"),  # 10 skip (Arabic-Indic three)
        flat_event(base(UtcTime=T(10)), eid=True),     # 11 skip
    ]
    tmpl = flat_event(base(UtcTime="@T@"), eid="@E@")
    for i, lit in enumerate(["3.0", "3e0", "-3", "30"], start=11):
        lines.append(tmpl.replace('"@T@"', '"%s"' % T(i)).replace('"@E@"', lit))  # 12..15 skip
    lines += [
        flat_event(base(UtcTime=T(15)), eid="", extra={"EventCode": "3"}),    # 16 counts (EventCode fallback)
        flat_event(base(UtcTime=T(16)), eid=DROP, first={"EventCode": 3}),    # 17 counts
        flat_event(base(UtcTime=T(17)), eid="1", extra={"EventCode": "3"}),   # 18 skip (EventID not empty)
        flat_event(base(UtcTime=T(18)), eid=None, extra={"EventCode": "3"}),  # 19 counts (null is empty)
        wlb_event(base(UtcTime=T(19)), event_id="3", code="1"),               # 20 counts
        wlb_event(base(UtcTime=T(20)), event_id=3),                           # 21 counts
        wlb_event(base(UtcTime=T(21)), event_id="", code="3"),                # 22 counts (event.code)
        wlb_event(base(UtcTime=T(22)), drop=("event_id",), code="3"),         # 23 counts (event.code)
        wlb_event(base(UtcTime=T(23)), event_id="1", code="3"),               # 24 skip
        wlb_event(base(UtcTime=T(24)), drop=("event_id",), code=None),        # 25 skip
    ]
    write("event-id.jsonl", lines)
    lines = [
        xml_event(base(UtcTime=T(25)), eid=" 3 "),                            # 26 counts
        xml_event(base(UtcTime=T(26)), eid="03"),                             # 27 counts
        xml_event(base(UtcTime=T(27)), eid_xml="<EventID Qualifiers='0'>3</EventID>"),  # 28 counts
        xml_event(base(UtcTime=T(28)), eid="3.0"),                            # 29 skip
        xml_event(base(UtcTime=T(29)), eid=None),                             # 30 skip (absent)
        xml_event(base(UtcTime=T(30)), eid=""),                               # 31 skip (empty)
        xml_event(base(UtcTime=T(31)), eid="1"),                              # 32 skip
        xml_event(base(UtcTime=T(32)), eid=Raw("&#51;")),                     # 33 counts (char ref "3")
    ]
    write("event-id-xml.xml", lines)

    # ---------------------------------------------------------------- provider / channel
    T = lambda i: "2026-12-01 12:43:%02d.000" % i
    lines = [
        xml_event(base(UtcTime=T(0)), channel="ForwardedEvents"),                        # 1 counts
        xml_event(base(UtcTime=T(1)), provider="Microsoft-Windows-Security-Auditing"),   # 2 skip
        xml_event(base(UtcTime=T(2)), provider=None, channel=None),                      # 3 counts
        xml_event(base(UtcTime=T(3)), provider="microsoft-windows-SYSMON"),              # 4 counts
        xml_event(base(UtcTime=T(4)), provider=None, channel="MICROSOFT-WINDOWS-SYSMON/operational"),  # 5 counts
        xml_event(base(UtcTime=T(5)), provider=None, channel="Security"),                # 6 skip
        xml_event(base(UtcTime=T(6)), provider="", channel="Security"),                  # 7 skip (empty provider -> channel)
        xml_event(base(UtcTime=T(7)), provider="", channel=""),                          # 8 counts
        xml_event(base(UtcTime=T(8)), channel="Security"),                               # 9 counts (provider decides)
        xml_event(base(UtcTime=T(9)), provider="Microsoft-Windows-Sysmon "),             # 10 skip (not trimmed)
        wlb_event(base(UtcTime=T(10)), channel="ForwardedEvents"),                       # 11 counts
        wlb_event(base(UtcTime=T(11)), provider="Microsoft-Windows-Security-Auditing"),  # 12 skip
        wlb_event(base(UtcTime=T(12)), drop=("provider_name", "channel")),               # 13 counts
        wlb_event(base(UtcTime=T(13)), drop=("provider_name",), channel="Application"),  # 14 skip
        flat_event(base(UtcTime=T(14)), channel="ForwardedEvents"),                      # 15 counts
        flat_event(base(UtcTime=T(15)), source="Microsoft-Windows-Kernel-Network"),      # 16 skip
        flat_event(base(UtcTime=T(16)), source=DROP, channel=DROP),                      # 17 counts
        flat_event(base(UtcTime=T(17)), source="", extra={"ProviderName": "MICROSOFT-WINDOWS-SYSMON"}),  # 18 counts
        flat_event(base(UtcTime=T(18)), source=DROP, extra={"Provider": "EventLog"}),     # 19 skip
        flat_event(base(UtcTime=T(19)), source=None, channel="microsoft-windows-sysmon/operational"),   # 20 counts
        flat_event(base(UtcTime=T(20)), source=DROP, channel="System"),                   # 21 skip
        flat_event(base(UtcTime=T(21)), source="", extra={"ProviderName": "", "Provider": "Microsoft-Windows-Sysmon"}),  # 22 counts
    ]
    write("provider-channel.log", lines)

    # ---------------------------------------------------------------- XML decoding
    T = lambda i: "2026-12-01 12:44:%02d.000" % i
    amp_image = "C:\\Users\\bob\\AppData\\Local\\Temp\\R&D\\cloudflared.exe"
    lines = [
        # 1 &amp; in Image -> "&"
        xml_event(base(UtcTime=T(0), Image=Raw(amp_image.replace("&", "&amp;")))),
        # 2 char refs and predefined entities in User / hostname
        xml_event(base(UtcTime=T(1), User=Raw("CORP&#x5C;svc&lt;x&gt;"), DestinationHostname=Raw("&#x72;egion1.v2.argotunnel.com"))),
        # 3 namespace prefixes on every element (matched by local name)
        "<e:Event xmlns:e='%s'><e:System><e:Provider Name='%s'/><e:EventID>3</e:EventID>"
        "<e:Channel>%s</e:Channel><e:Computer>WS-01.corp.local</e:Computer></e:System>"
        "<e:EventData>%s</e:EventData></e:Event>" % (
            NS, SYSMON, CHAN, "".join("<e:Data Name='%s'>%s</e:Data>" % (k, xesc(v)) for k, v in base(UtcTime=T(2)).items())),
        # 4 no namespace at all, double-quoted attributes, XML declaration 1.0
        xml_event(base(UtcTime=T(3)), decl="<?xml version=\"1.0\" encoding=\"UTF-8\"?>").replace(" xmlns='%s'" % NS, ""),
        # 5 XML declaration version 1.1 read as 1.0
        xml_event(base(UtcTime=T(4)), decl="<?xml version='1.1'?>"),
        # 6 comment / CDATA containing <!DOCTYPE is not a DTD; leading whitespace before root
        "  \t" + xml_event(base(UtcTime=T(5), Image=Raw("<![CDATA[C:\\x\\<!DOCTYPE a>\\tool.exe]]>"))).replace(
            "<System>", "<!-- <!DOCTYPE foo SYSTEM 'file:///etc/passwd'> --><System>"),
        # 7 Data with a namespaced Name attribute is not read (DestinationPort absent -> 0 -> no match)
        xml_event(base(UtcTime=T(6))).replace("<Data Name='DestinationPort'>", "<Data xmlns:p='urn:x' p:Name='DestinationPort'>"),
        # 8 duplicate Data of a field that is not read (RuleName) is fine
        xml_event(base(UtcTime=T(7))).replace("<Data Name='RuleName'>-</Data>", "<Data Name='RuleName'>a</Data><Data Name='RuleName'>b</Data>"),
        # 9 empty-element Data (empty User) -> unknown ; self-closing EventData elements elsewhere
        xml_event(base(UtcTime=T(8))).replace("<Data Name='User'>CORP\\svc_tunnel</Data>", "<Data Name='User'/>"),
        # 10 Data field names are case-sensitive: 'destinationport' is not read -> port 0
        xml_event(base(UtcTime=T(9))).replace("<Data Name='DestinationPort'>", "<Data Name='destinationport'>"),
        # 11 trailing comment and whitespace after the root are allowed
        xml_event(base(UtcTime=T(10))) + "<!-- trailing -->  ",
        # 12 EventData before System, attribute order differs, extra unknown elements
        "<Event xmlns='%s'><EventData>%s</EventData><Foo><EventID>1</EventID></Foo><System><EventID>3</EventID>"
        "<Channel>%s</Channel><Provider Guid='{x}' Name='%s'/><Computer>WS-02.corp.local</Computer></System></Event>" % (
            NS, "".join("<Data Name='%s'>%s</Data>" % (k, xesc(v)) for k, v in base(UtcTime=T(11)).items()), CHAN, SYSMON),
        # 13 non-ASCII values (UTF-8) kept as-is
        xml_event(base(UtcTime=T(12), User="CORP\\j\u00fcrgen", Image="C:\\T\u00e9l\u00e9chargements\\cf.exe")),
    ]
    write("xml-decoding.xml", lines)

    # ---------------------------------------------------------------- JSON decoding
    T = lambda i: "2026-12-01 12:45:%02d.000" % i
    tmpl = flat_event(base(UtcTime="@T@", Image="@I@"))
    def flat_raw(i, image_lit, **kw):
        return tmpl.replace('"@T@"', '"%s"' % T(i)).replace('"@I@"', image_lit)
    lines = [
        # 1 number as literal text, boolean as true/false
        '{"EventID":3,"SourceName":"Microsoft-Windows-Sysmon","UtcTime":"%s","Image":1.50,"User":false,'
        '"Initiated":true,"DestinationIsIpv6":false,"SourcePort":50123,"DestinationPort":7844,'
        '"DestinationIp":"198.41.192.7","SourceIp":"10.0.0.5","Protocol":"tcp"}' % T(0),
        # 2 escapes in values: \/ \\ \u00e9, surrogate pair (emoji) kept
        flat_raw(1, '"C:\\\\Users\\\\b\\u00e9\\/\\ud83d\\ude80.exe"'),
        # 3 escaped key spelling of a read field
        '{"Event\\u0049D":3,"SourceName":"Microsoft-Windows-Sysmon","UtcTime":"%s","Destination\\u0050ort":"7844",'
        '"Image":"%s"}' % (T(2), CF.replace("\\", "\\\\")),
        # 4 insignificant whitespace everywhere, unread keys with arrays/objects/duplicates
        ' \t{ "EventID" : 3 , "Tags" : [1, {"a": []}], "Tags" : null, "UtcTime" : "%s" ,\r "DestinationPort" : "7844" , '
        '"Image" : "%s" }  \t' % (T(3), CF.replace("\\", "\\\\")),
        # 5 Image number with exponent literal kept as text
        flat_raw(4, "1E+2"),
        # 6 -0 literal kept
        flat_raw(5, "-0"),
    ]
    write("json-decoding.jsonl", lines)

    # ---------------------------------------------------------------- Winlogbeat specifics
    T = lambda i: "2026-12-01 12:46:%02d.000" % i
    lines = [
        wlb_event(base(UtcTime=T(0)), computer=""),                 # 1 dvc from host.name
        wlb_event(base(UtcTime=T(1)), drop=("computer_name",)),     # 2 dvc from host.name
        wlb_event(base(UtcTime=T(2)), drop=("computer_name",), host=None),  # 3 dvc unknown
        # 4 host not an object -> absent
        json.dumps({"@timestamp": "2026-12-01T12:46:03Z", "host": "ws-01",
                    "winlog": {"event_id": 3, "provider_name": SYSMON, "event_data": base(UtcTime=T(3))}}),
        # 5 Sysmon fields at the top level are not read for Winlogbeat -> no port -> not matching
        json.dumps({"@timestamp": "2026-12-01T12:46:04Z", "DestinationPort": "7844",
                    "winlog": {"event_id": "3", "provider_name": SYSMON}}),
        # 6 event_data not an object -> absent -> not matching
        json.dumps({"@timestamp": "2026-12-01T12:46:05Z",
                    "winlog": {"event_id": "3", "provider_name": SYSMON, "event_data": "DestinationPort=7844"}}),
        # 7 winlog not an object: not Winlogbeat; EventID at top -> flat JSON, fields at top level
        json.dumps(dict({"winlog": "x", "EventID": 3, "SourceName": SYSMON}, **base(UtcTime=T(6)))),
        # 8 event not an object -> absent: event_id empty -> skipped
        json.dumps({"@timestamp": "2026-12-01T12:46:07Z", "event": "3",
                    "winlog": {"event_id": "", "provider_name": SYSMON, "event_data": base(UtcTime=T(7))}}),
        # 9 duplicate key in an object that is not read (top-level "message") is fine
        wlb_event(base(UtcTime=T(8)))[:-1] + ', "message": "a", "message": "b"}',
    ]
    write("winlogbeat.jsonl", lines)

    # ---------------------------------------------------------------- flat JSON specifics
    T = lambda i: "2026-12-01 12:47:%02d.000" % i
    nx = {"EventTime": "2026-12-01 13:47:00", "Hostname": "WS-01.corp.local", "EventType": "INFO",
          "SeverityValue": 2, "Severity": "INFO", "EventID": 3, "SourceName": SYSMON,
          "ProviderGuid": "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", "Version": 5, "Task": 3,
          "OpcodeValue": 0, "RecordNumber": 5001, "ProcessID": 2684, "ThreadID": 1380,
          "Channel": CHAN, "Domain": "NT AUTHORITY", "AccountName": "SYSTEM", "UserID": "S-1-5-18",
          "AccountType": "User", "Category": "Network connection detected (rule: NetworkConnect)",
          "Opcode": "Info", "RuleName": "-"}
    nx.update(base(UtcTime=T(0)))
    nx.update({"EventReceivedTime": "2026-12-01 13:47:01", "SourceModuleName": "in", "SourceModuleType": "im_msvistalog"})
    lines = [
        json.dumps(nx),                                                                    # 1 NXLog-like
        # 2 EventData object: top-level Sysmon names not read (even duplicated)
        '{"EventID":3,"SourceName":"%s","Hostname":"WS-01.corp.local","DestinationPort":"443",'
        '"DestinationPort":"80","EventData":%s}' % (SYSMON, json.dumps(base(UtcTime=T(1)))),
        # 3 EventData not an object -> absent -> top level read
        json.dumps(dict({"EventID": 3, "SourceName": SYSMON, "EventData": "x"}, **base(UtcTime=T(2)))),
        # 4 only DestinationPort: flat JSON, no event id -> skipped
        '{"DestinationPort":"7844"}',
        # 5 DestinationPort only inside EventData (no EventID) -> flat, skipped
        '{"EventData":{"DestinationPort":"7844"},"_time":"2026-12-01T12:47:04Z"}',
        # 6 EventCode only -> flat; EID 3
        json.dumps(dict({"EventCode": "3", "Computer": "WS-09"}, **base(UtcTime=T(5)))),
        # 7 flat wins over CIM keys present at the same time
        json.dumps(dict({"EventID": 3, "dest_port": 443, "_time": "2026-12-01T12:00:00Z"}, **base(UtcTime=T(6)))),
    ]
    write("flat-json.jsonl", lines)

    # ---------------------------------------------------------------- CIM JSON
    lines = [
        # 1 bare minimum: all data-model defaults
        '{"_time":"2026-12-01T12:48:00Z","dest_port":7844}',
        # 2 prefixed keys win over unprefixed ones
        json.dumps({"_time": "2026-12-01T12:48:01Z", "All_Traffic.dest_port": "7844", "dest_port": "443",
                    "All_Traffic.dest": "tunnel.example", "dest": "other.example", "All_Traffic.user": "CORP\\alice",
                    "All_Traffic.transport": "TCP", "transport": "udp", "All_Traffic.action": "allowed",
                    "All_Traffic.src_port": "60000", "src_port": "1"}),
        # 3 empty prefixed key does not win; prefixed-only fields
        json.dumps({"_time": "2026-12-01T12:48:02Z", "All_Traffic.dest_port": "", "dest_port": "7844",
                    "All_Traffic.dest": None, "dest": "fallback.example", "All_Traffic.app": "cloudflared.exe",
                    "All_Traffic.direction": "outbound"}),
        # 4 prefixed dest_port 443 wins over unprefixed 7844 -> not matching
        json.dumps({"_time": "2026-12-01T12:48:03Z", "All_Traffic.dest_port": "443", "dest_port": "7844"}),
        # 5-8 epoch seconds: number, fractional number (truncated), string, string with whitespace
        '{"_time":1796128140,"dest_port":"7844","src_port":"5"}',
        '{"_time":1796128140.9999,"dest_port":"7844","src_port":"6"}',
        '{"_time":"1796128199","dest_port":"7844","src_port":"7"}',
        '{"_time":" 1796128200.5 ","dest_port":"7844","src_port":"8"}',
        # 9 user/dest "-" kept as given, transport lower-cased, vendor_product as given
        json.dumps({"_time": "2026-12-01 12:49:00", "dest_port": "7844", "user": "-", "dest": "-",
                    "src": "-", "transport": "UDP", "vendor_product": "Zeek", "action": "blocked",
                    "direction": "inbound", "protocol": "ip", "protocol_version": "ipv4",
                    "dvc": "fw01", "app": "ssl", "dest_ip": "198.41.200.13", "src_ip": "10.1.1.1"}),
        # 10 only an All_Traffic.* key makes it CIM (time is missing -> dead letter)
        '{"All_Traffic.dest_port":"7844"}',
        # 11 epoch with exponent / sign: not usable -> dead letter
        '{"_time":1.7961282E9,"dest_port":"7844"}',
        '{"_time":"-1796128200","dest_port":"7844"}',
        # 13 _time null: CIM (has the key) but no time -> dead letter
        '{"_time":null,"dest_port":"7844"}',
        # 14 CIM record that does not match (no time needed? it counts -> still needs a time)
        '{"_time":"2026-12-01T12:49:30Z","dest_port":"443"}',
        # 15 empty values take the defaults
        json.dumps({"_time": "2026-12-01T12:48:00Z", "dest_port": "7844", "action": "", "app": None,
                    "dest": "", "dvc": None, "src": "", "transport": "", "user": None, "vendor_product": "",
                    "direction": "", "protocol": "", "protocol_version": None, "src_ip": "", "dest_ip": ""}),
    ]
    write("cim.jsonl", lines)

    # ---------------------------------------------------------------- group split by case / whitespace
    lines = []
    for i, (comp, app) in enumerate([("WS-01", CF), ("ws-01", CF), ("WS-01", CF), ("WS-01 ", CF),
                                      ("WS-01", CF.upper()), ("ws-01", CF)]):
        lines.append(flat_event(base(UtcTime="2026-12-01 12:49:%02d.000" % i, Image=app), computer=comp))
    write("groups-case.jsonl", lines)

    # ---------------------------------------------------------------- window edges / time parsing
    lines = [
        flat_event(base(UtcTime="2026-12-01 12:49:59.999")),             # 1 window 11:50
        flat_event(base(UtcTime="2026-12-01 12:50:00.000")),             # 2 window 12:50
        flat_event(base(UtcTime="2026-12-01 12:49:59.999999999")),       # 3 9 digits truncated -> 11:50
        flat_event(base(UtcTime="2026-12-01T14:49:59.9999+02:00")),      # 4 = 12:49:59.999Z -> 11:50
        flat_event(base(UtcTime="2026-12-01T07:50:00-05:00")),           # 5 = 12:50:00Z -> 12:50
        flat_event(base(UtcTime="2026-12-01 11:50:00Z")),                # 6 window 11:50 (first second)
        flat_event(base(UtcTime=" 2026-12-01T13:49:59.5 ")),             # 7 whitespace, 1-digit fraction -> 12:50
        flat_event(base(UtcTime="2026-12-01 13:50:00.0000001")),         # 8 window 13:50
        flat_event(base(UtcTime="2026-12-02T00:49:59.999+00:00")),       # 9 day boundary: window 2026-12-01T23:50
        flat_event(base(UtcTime="2026-12-01T23:30:00-01:00")),           # 10 = 2026-12-02T00:30Z -> window 12-01T23:50
    ]
    write("window-edges.jsonl", lines)

    # ---------------------------------------------------------------- time fallbacks per encoding
    lines = [
        # XML
        xml_event(base(UtcTime=DROP), systime="2026-12-01T12:55:01.987654321Z"),           # 1 SystemTime
        xml_event(base(UtcTime="2026-13-01 12:00:00.000"), systime="2026-12-01T12:55:02Z"),  # 2 bad month -> SystemTime
        xml_event(base(UtcTime="2026-12-01 12:55:03.000z"), systime="2026-12-01T12:55:03.5Z"),  # 3 lowercase z -> SystemTime
        xml_event(base(UtcTime=""), systime=None),                                          # 4 dead letter
        xml_event(base(UtcTime="1969-12-31 23:59:59.999"), systime="2026-12-01T12:55:05Z"),  # 5 dead letter (UtcTime out of range)
        # Winlogbeat
        wlb_event(base(UtcTime=DROP), ts="2026-12-01T12:55:06.1234567Z"),                   # 6 @timestamp
        wlb_event(base(UtcTime="2026-12-01t12:55:07"), ts="2026-12-01T12:55:07.75Z"),       # 7 lowercase t -> @timestamp
        wlb_event(base(UtcTime="not a time"), ts=None),                                    # 8 dead letter
        # flat
        flat_event(base(UtcTime="2026-12-01 23:59:60.000"), extra={"TimeCreated": "2026-12-01T12:55:09Z"}),  # 9 leap second -> TimeCreated
        flat_event(base(UtcTime="2026-02-29 12:00:00"), extra={"TimeCreated": "bad", "@timestamp": "2026-12-01T12:55:10Z"}),  # 10 -> @timestamp
        flat_event(base(UtcTime=DROP), extra={"TimeCreated": "1969-12-31T23:00:00Z", "@timestamp": "", "_time": "2026-12-01 12:55:11"}),  # 11 -> _time
        flat_event(base(UtcTime="10000-01-01 00:00:00.000"), extra={"TimeCreated": "2026-12-01T12:55:12Z"}),  # 12 unparsable -> TimeCreated
        flat_event(base(UtcTime="2026-12-01 24:00:00"), extra={"_time": "1796129713"}),     # 13 epoch not allowed for flat _time -> dead letter
        flat_event(base(UtcTime="2026-12-01 12:55:14.1234567890")),                       # 14 10-digit fraction -> dead letter
        flat_event(base(UtcTime="2026-12-01 12:55:15"), extra={"TimeCreated": "bad"}),     # 15 UtcTime wins
        flat_event(base(UtcTime="2024-02-29 12:55:16+25:00"), extra={"TimeCreated": "2024-02-29 12:55:16"}),  # 16 bad offset -> TimeCreated (leap day)
        flat_event(base(UtcTime="2026-12-01 12:55"), extra={"TimeCreated": "2026-12-01T12:55:17Z"}),  # 17 no seconds -> fallback
        flat_event(base(UtcTime="1970-01-01T00:30:00+01:00"), extra={"TimeCreated": "2026-12-01T12:55:18Z"}),  # 18 dead letter
        flat_event(base(UtcTime=DROP, DestinationPort="443")),                              # 19 not matching port, no time: dead letter
        flat_event(base(UtcTime=DROP), eid=1),                                               # 20 skipped: no time needed
        flat_event(base(UtcTime="2026-12-01 12:55:21.0+00:00", SourcePort="50000")),        # 21 fraction + offset
    ]
    write("time-fallbacks.log", lines)

    # ---------------------------------------------------------------- extreme windows
    lines = [
        flat_event(base(UtcTime="9999-12-31 23:50:00.000")),
        flat_event(base(UtcTime="9999-12-31 23:59:59.999999")),
        flat_event(base(UtcTime="9999-12-31T23:49:59.999Z", SourcePort="1")),
        flat_event(base(UtcTime="1970-01-01 00:00:00.000", SourcePort="2")),
        flat_event(base(UtcTime="1970-01-01T00:49:59.999Z", SourcePort="3")),
        flat_event(base(UtcTime="1970-01-01T01:00:00+01:00", SourcePort="4")),
    ]
    write("extreme-windows.jsonl", lines)

    # ---------------------------------------------------------------- event-time range (default limits)
    # 2000-01-01T00:00:00Z .. one day past the clock; golden files are static, so "inside the future
    # bound" is a recent past time and "outside" is 2099 (the run's clock is never that late).
    lines = [
        flat_event(base(UtcTime="1999-12-31 23:59:59.999", SourcePort="1")),                  # 1 out: before 2000
        flat_event(base(UtcTime="2000-01-01 00:00:00.000", SourcePort="2")),                  # 2 in: exactly the bound
        flat_event(base(UtcTime="2099-01-01 00:00:00.000", SourcePort="3")),                  # 3 out: far ahead
        xml_event(base(UtcTime="2026-06-01 08:00:00.000", SourcePort="4")),                   # 4 in: recent past
        xml_event(base(UtcTime="1999-06-01 08:00:00.000"), systime="2026-06-01T08:00:00Z"),  # 5 out: UtcTime picked, no fallback
        xml_event(base(UtcTime="junk"), systime="2099-12-31T00:00:00Z"),                   # 6 out: the fallback picked
        wlb_event(base(UtcTime=DROP), ts="1999-12-31T23:59:59.9999999Z"),                    # 7 out: @timestamp
        '{"_time":946684800,"dest_port":"7844","src_port":"8"}',                             # 8 in: CIM epoch at the bound
        '{"_time":946684799.999,"dest_port":"7844"}',                                        # 9 out: CIM epoch 1 ms before
        '{"_time":"2099-01-01T00:00:00Z","dest_port":"7844"}',                               # 10 out: CIM timestamp
        flat_event(base(UtcTime="1970-01-01 00:00:00.000", DestinationPort="443")),           # 11 out: not matching, still a dead letter
        flat_event(base(UtcTime="1999-01-01 00:00:00.000"), eid=1),                           # 12 skipped: no time needed
        flat_event(base(UtcTime="1969-12-31 23:59:59.999")),                                  # 13 no-usable-time stays
        flat_event(base(UtcTime="junk")),                                                     # 14 no-usable-time stays
        flat_event(base(UtcTime="1999-01-01 00:00:00.000", DestinationPort=["7844"])),        # 15 not-a-scalar wins
        flat_event(base(UtcTime="9999-12-31 23:59:59.999")),                                  # 16 out: last spec millisecond
    ]
    write("time-range.log", lines)

    # ---------------------------------------------------------------- found by fuzzing (DecoderFuzzTest)
    xml_ok = xml_event(base())
    lines = [
        # 1 an attribute name starting with ':' is no qualified name (the JDK took ':Name' as a name)
        xml_ok.replace("<Data Name='DestinationPort'>7844</Data>",
                       "<Data :Name='DestinationPort'>443</Data><Data Name='DestinationPort'>7844</Data>"),
        # 2 an element name starting with ':'
        xml_ok.replace("<Data Name='RuleName'>-</Data>", "<:Data Name='RuleName'>-</:Data>"),
        # 3 not JSON at all, though a string holds an unpaired surrogate: malformed first
        '{"EventID":3,"UtcTime":"2026-12-01 12:10:00","Image":"\\ud800","DestinationPort":"7844"',
        # 4 JSON, with an unpaired surrogate
        '{"EventID":3,"UtcTime":"2026-12-01 12:10:00","Image":"\\ud800","DestinationPort":"7844"}',
        # 5 a DTD cut short is still a DTD (the JDK printed to stderr on these)
        "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENT",
        # 6 after a comment and a processing instruction
        "<!-- c --><?pi x?> <!DOCTYPE Event",
        # 7 the prolog before it is not well-formed: malformed
        " <?xml version='1.0'?><!DOCTYPE Event []><Event/>",
        # 8 5,000-digit ports are integers, just not 7844 (the oracle's int() refused them)
        flat_event(base(DestinationPort="0" * 4996 + "7845", SourcePort="9" * 5000)),
        # 9 XML deeper than 64, then cut short: the depth limit is met first
        "<Event>" + "<a>" * 70,
    ]
    write("fuzz-found.log", lines)

    # ---------------------------------------------------------------- bad records (bytes-exact)
    good = flat_event(base(UtcTime="2026-12-01 12:56:00.000"))
    billion = ("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
               + "".join("<!ENTITY lol%d '%s'>" % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10) for i in range(1, 10))
               + "]><Event><EventData><Data Name='Image'>&lol9;</Data></EventData></Event>")
    xxe = ("<?xml version='1.0'?><!DOCTYPE Event [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
           + xml_event(base(UtcTime="2026-12-01 12:56:00.000", Image=Raw("&xxe;"))))
    T0 = "2026-12-01 12:56:00.000"
    gx = xml_event(base(UtcTime=T0))
    bad = [
        good[:60],                                                                          # 1 malformed-json (truncated)
        gx[:300],                                                                           # 2 malformed-xml (truncated)
        "<!DOCTYPE Event>" + gx,                                                            # 3 dtd-refused
        billion,                                                                            # 4 dtd-refused (billion laughs)
        xxe,                                                                                # 5 dtd-refused (external entity)
        "",                                                                                 # 6 blank (not a record)
        flat_event(base(UtcTime=DROP)),                                                     # 7 no-usable-time
        flat_event(base(UtcTime="9999-12-31 23:30:00-01:00"), extra={"TimeCreated": "2026-12-01T12:56:00Z"}),  # 8 no-usable-time (UtcTime = year 10000)
        good.replace("cloudflared.exe", "cloudfl\udcffared.exe").encode("utf-8", "surrogateescape"),  # 9 invalid-utf8 (0xFF)
        good.replace('"region1.v2.argotunnel.com"', '"region1\\ud800.argotunnel.com"'),    # 10 unpaired-surrogate
        good.replace('"DestinationPort": "7844"', '"DestinationPort": "443", "DestinationPort": "7844"'),  # 11 duplicate-field
        gx.replace("<Data Name='DestinationPort'>7844</Data>",
                   "<Data Name='DestinationPort'>443</Data><Data Name='DestinationPort'>7844</Data>"),  # 12 duplicate-field
        good.replace('"DestinationPort": "7844"', '"DestinationPort": ["443", "7844"]'),   # 13 not-a-scalar
        good.replace('"DestinationPort": "7844"', '"DestinationPort": NaN'),               # 14 malformed-json
        "<Events><Event><System><EventID>3</EventID></System></Event></Events>",           # 15 unrecognised-record
        "DestinationPort=7844 Image=cloudflared.exe",                                      # 16 unrecognised-record
        "   \t ",                                                                           # 17 whitespace only (not a record)
        good.replace("12:56:00.000", "12:56:30.000").encode() + b"\r",                    # 18 CRLF line (valid, matches)
        '{"foo": "bar", "port": 7844}',                                                    # 19 unrecognised-record (no encoding)
        "",                                                                                 # 20 blank (last line)
    ]
    more = [
        good.replace('"EventID": 3', '"EventID": 03'),                                    # 1 malformed-json (leading zero)
        good + ' {"x":1}',                                                                  # 2 malformed-json (trailing garbage)
        xml_event(base(UtcTime=T0, Image=Raw("&foo;"))),                                   # 3 malformed-xml (undeclared entity)
        gx.replace("<EventData>", "<EventData xmlns:a='urn:a'><a:b:c/>"),                  # 4 malformed-xml (invalid QName)
        gx + "<Event/>",                                                                    # 5 malformed-xml (trailing content)
        b"\xef\xbb\xbf" + good.encode(),                                                    # 6 unrecognised-record (BOM not at file start)
        "[" + good + "]",                                                                   # 7 unrecognised-record (top level array)
        good.replace('"SourcePort": "50123"', '"SourcePort": Infinity'),                   # 8 malformed-json
        good.replace('"DestinationPort": "7844"', '"DestinationPort": "443", "Destination\\u0050ort": "7844"'),  # 9 duplicate-field (escaped key)
        xml_event(base(UtcTime=T0, DestinationPort=Raw("7844<b>443</b>"))),                # 10 not-a-scalar (child element)
        good.replace('"EventID": 3', '"EventID": 1').replace(
            '"DestinationPort": "7844"', '"DestinationPort": "1", "DestinationPort": "2"'),  # 11 duplicate-field (checked before the EID)
        xml_event(base(UtcTime=T0), system_extra="<EventID>3</EventID>"),                  # 12 duplicate-field (EventID twice)
        good.replace('"UtcTime": "%s"' % T0, '"UtcTime": {"v": "%s"}' % T0),               # 13 not-a-scalar (time field)
        good.replace('"Image": ', '"Im\\xage": '),                                          # 14 malformed-json (bad escape)
        xml_event(base(UtcTime=T0), decl="<?xml version='2.0'?>"),                        # 15 malformed-xml (version not 1.x)
        good.replace('{"EventTime"', '{"\\udc00": 1, "EventTime"'),                        # 16 unpaired-surrogate (in an unread key)
        xml_event(base(UtcTime=T0), eid="1").replace(
            "<EventData>", "<EventData><Data Name='Image'>a</Data>"),                      # 17 duplicate-field (XML, not EID 3)
        "<Event><System><EventID>3</EventID></System><EventData>"
        "<Data Name='DestinationPort'>7844</Data></EventData></Event>",                    # 18 no-usable-time (XML)
        '{"winlog": {"event_id": "3", "event_data": {"DestinationPort": "7844"}}, '
        '"@timestamp": "2026-12-01T12:56:00"}',                                             # 19 counts (minimal Winlogbeat)
        xml_event(base(UtcTime=T0), eid_xml="<EventID>3<x/></EventID>"),                  # 20 not-a-scalar (EventID)
        xml_event(base(UtcTime=T0), provider="Other").replace(
            "<Data Name='DestinationPort'>7844</Data>", "<Data Name='DestinationPort'><p/></Data>"),  # 21 not-a-scalar (before provider check)
        good.replace("cloudflared.exe", "cloudflared\udcc0\udcaf.exe").encode("utf-8", "surrogateescape"),  # 22 invalid-utf8 (overlong)
        good.encode().replace(b"cloudflared.exe", b"cloudflared\xed\xa0\x80.exe"),         # 23 invalid-utf8 (UTF-8 encoded surrogate)
        flat_event(base(UtcTime="10000-01-01 00:00:00.000")),                              # 24 no-usable-time (year 10000 does not parse)
        good.replace('"DestinationPort": "7844"', '"DestinationPort": "\\u00377844"').encode()[:-1] + b"\xc3",  # 25 invalid-utf8 (truncated sequence)
        xml_event(base(UtcTime=T0, DestinationPort="7844")).replace("<Data Name='Image'>", "<Data Name='Image' Name='x'>"),  # 26 malformed-xml (duplicate attribute)
        gx.replace("<System>", "<System><p:x/>"),                                          # 27 malformed-xml (unbound prefix)
        good.replace('"winlog"', '"w"').replace('{"EventTime"', '{"winlog": {"event_id": 3}, "winlog": {"event_id": 3}, "EventTime"'),  # 28 duplicate-field (winlog object twice)
    ]

    def enc(items):
        out = []
        for l in items:
            out.append((l if isinstance(l, bytes) else l.encode("utf-8")) + b"\n")
        return out
    write("bad-records.log", enc(bad), raw=True)
    write("bad-records-more.log", enc(more), raw=True)

    # ---------------------------------------------------------------- line handling (BOM, CRLF, CR)
    g = lambda s, **kw: flat_event(base(UtcTime="2026-12-01 12:57:%02d.000" % s, **kw)).encode()
    write("line-handling.jsonl", [
        b"\xef\xbb\xbf" + g(0) + b"\r\n",       # 1 BOM at file start is ignored, CRLF
        b"\r\n",                               # 2 blank (CR only)
        g(2) + b"\r\r\n",                      # 3 one CR removed, the other is trailing JSON whitespace
        b" \t \r\n",                           # 4 whitespace only
        g(4) + b"\n",                          # 5
        b"\n",                                 # 6 empty
        b"\r" + g(6) + b"\n",                  # 7 leading CR is whitespace before '{'
        g(7, SourcePort="60007"),              # 8 last line without newline
    ], raw=True)

    # ---------------------------------------------------------------- shuffle source
    rnd = random.Random(7844)
    hosts = [("WS-01.corp.local", "CORP\\alice", "10.0.0.11"), ("WS-02.corp.local", "CORP\\bob", "10.0.0.12"),
             ("SRV-DB1.corp.local", "NT AUTHORITY\\SYSTEM", "10.0.1.20"),
             ("LAPTOP-7.corp.local", "CORP\\carol", "10.0.2.7"), ("ws-01.corp.local", "CORP\\alice", "10.0.0.11")]
    dests = ["region1.v2.argotunnel.com", "region2.v2.argotunnel.com"]
    start = 1796126400000 - 20 * 60000  # 2026-12-01T11:40:00Z
    times = [rnd.randrange(start, start + 3 * 3600000) for _ in range(194)]
    # window edges: 11:49:59.999 / 11:50:00.000, 12:49:59.999 / 12:50:00.000, 13:49:59.999 / 13:50:00.000
    for edge in (1796126400000 - 10 * 60000, 1796126400000 + 50 * 60000, 1796126400000 + 110 * 60000):
        times += [edge - 1, edge]
    times = sorted(times)
    out = []
    for t in times:
        h = rnd.randrange(5)
        comp, user, ip = hosts[h]
        s, ms = divmod(t, 1000)
        import datetime
        ts = datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % ms
        ev = base(UtcTime=ts, User=user, SourceIp=ip, SourceHostname=comp.lower(),
                  SourcePort=str(rnd.choice([50000 + h, 9000 + h, 10000 + h, 443, 61722])),
                  DestinationHostname=dests[h % 2])
        out.append(flat_event(ev, computer=comp))
    write("shuffle-source.jsonl", out)


if __name__ == "__main__":
    main()
