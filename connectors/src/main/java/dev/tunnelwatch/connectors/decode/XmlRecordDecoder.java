package dev.tunnelwatch.connectors.decode;

import static dev.tunnelwatch.connectors.record.DeadLetterReason.*;

import dev.tunnelwatch.connectors.record.DecodeResult;
import dev.tunnelwatch.connectors.record.OneLine;
import java.io.StringReader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Decodes one XmlWinEventLog record with the JDK's StAX parser: XML 1.0 with namespaces, elements
 * matched by local name, character references and predefined entities decoded. A DTD is refused
 * the moment it is seen, so no entity is ever declared, expanded or fetched.
 */
final class XmlRecordDecoder {

    private static final Pattern XML_1X_DECLARATION =
            Pattern.compile("^<\\?xml\\s+version\\s*=\\s*(['\"])(1\\.[0-9]+)\\1");

    /** System children read by the mapping, by local name. */
    private static final String EVENT_ID = "EventID";
    private static final String COMPUTER = "Computer";
    private static final String CHANNEL = "Channel";
    private static final String PROVIDER = "Provider";
    private static final String TIME_CREATED = "TimeCreated";

    private final XMLInputFactory factory;
    private final int maxDepth;
    private final int maxFields;
    private final int maxFieldChars;

    XmlRecordDecoder(DecodeLimits limits) {
        this.maxDepth = limits.maxXmlDepth();
        this.maxFields = limits.maxFields();
        this.maxFieldChars = limits.maxFieldChars();
        this.factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        reuseReaders(factory);
        // The JDK's defaults (1,000-character names, 10,000 attributes, ...) refuse records well
        // under the 1 MiB the spec requires us to accept; the record size limit bounds them instead.
        for (String limit : List.of("maxXMLNameLimit", "elementAttributeLimit", "maxElementDepth",
                "maxGeneralEntitySizeLimit", "totalEntitySizeLimit", "maxParameterEntitySizeLimit")) {
            factory.setProperty("jdk.xml." + limit, String.valueOf(limits.maxRecordBytes()));
        }
    }

    /**
     * The JDK's parser builds a new reader per document (scanner, symbol table, buffers): most of the
     * cost of a small record. Its factory can reset and hand back the last reader once closed; a
     * decoder is used by one thread, and every reader is closed before the next is made.
     */
    private static void reuseReaders(XMLInputFactory factory) {
        if (factory.isPropertySupported("reuse-instance")) {
            factory.setProperty("reuse-instance", Boolean.TRUE);
        }
    }

    DecodeResult decode(String text) {
        String document = readAsXml10(text);
        int doctype = prologDoctype(document);
        if (doctype >= 0 && isWellFormedPrologStart(document.substring(0, doctype))) {
            return DecodeResult.reject(DTD_REFUSED, "record declares a DTD");
        }
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new StringReader(document));
            // No name or value can be longer than the record itself (references only shrink text):
            // at the default limit, lengths need no checking at all.
            return read(r, document.length() > maxFieldChars);
        } catch (RecordRejectedException e) {
            return e.toResult();
        } catch (XMLStreamException e) {
            return DecodeResult.reject(MALFORMED_XML, describe(e));
        } catch (RuntimeException e) {
            // The JDK parser reports some malformations as unchecked exceptions; none is a bug of ours.
            return DecodeResult.reject(MALFORMED_XML, OneLine.of(e.getMessage(), "malformed XML"));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the input is a string
                }
            }
        }
    }

    /**
     * Where a {@code <!DOCTYPE} stands in the prolog (after the XML declaration, comments,
     * processing instructions and whitespace), or -1. Found before parsing because the JDK parser
     * scans a DTD's whole internal subset, declaring its entities, before it reports the DTD: a
     * record must be refused the moment its DTD begins (and a truncated DTD is still a DTD).
     * Normal records start with {@code <Event}, so this looks at a few characters only.
     */
    static int prologDoctype(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (s.startsWith("<?", i)) {
                int end = s.indexOf("?>", i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end + 2;
            } else if (s.startsWith("<!--", i)) {
                int end = s.indexOf("-->", i + 4);
                if (end < 0) {
                    return -1;
                }
                i = end + 3;
            } else {
                return s.startsWith("<!DOCTYPE", i) ? i : -1;
            }
        }
        return -1;
    }

    /** True when the text before a DOCTYPE is a well-formed prolog so far: then the DOCTYPE is a DTD. */
    private boolean isWellFormedPrologStart(String prolog) {
        try {
            XMLStreamReader r = factory.createXMLStreamReader(new StringReader(prolog + "<Event/>"));
            try {
                while (r.hasNext()) {
                    r.next();
                }
                return true;
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return false;
        }
    }

    /** The spec reads any {@code 1.x} declaration as 1.0; the JDK would switch to XML 1.1 rules. */
    private static String readAsXml10(String text) {
        Matcher m = XML_1X_DECLARATION.matcher(text);
        if (m.find() && !m.group(2).equals("1.0")) {
            return text.substring(0, m.start(2)) + "1.0" + text.substring(m.end(2));
        }
        return text;
    }

    private DecodeResult read(XMLStreamReader r, boolean checkLengths) throws XMLStreamException, RecordRejectedException {
        Map<String, String> system = new HashMap<>();
        Map<String, String> data = new HashMap<>();
        RecordRejectedException problem = null; // kept until the whole record is known to be well-formed
        boolean isEvent = false;

        int depth = 0;
        String section = null; // local name of the current child of Event
        String capturingName = null; // the read field whose text is being collected
        Map<String, String> capturingInto = null;
        int capturingDepth = -1;
        StringBuilder text = new StringBuilder();
        int fields = 0;
        // Characters of text directly inside the open element at each depth: an element's value
        // may come in several pieces (around comments, processing instructions, child elements).
        int[] textChars = new int[Math.min(maxDepth, 64) + 1];

        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD ->
                        throw new RecordRejectedException(DTD_REFUSED, "record declares a DTD");
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    checkQualifiedNames(r); // a malformed tag first, as a stricter parser would stop there
                    if (depth > maxDepth) {
                        throw new RecordRejectedException(NESTING_TOO_DEEP, "XML nesting deeper than " + maxDepth);
                    }
                    // Counted as the parser goes, so a record over a limit costs no more than the limit.
                    fields += 1 + r.getAttributeCount() + r.getNamespaceCount();
                    if (fields > maxFields) {
                        throw new RecordRejectedException(TOO_MANY_FIELDS, "more than " + maxFields
                                + " fields (XML elements and attributes)");
                    }
                    if (checkLengths) {
                        checkNames(r);
                    }
                    if (depth >= textChars.length) {
                        textChars = Arrays.copyOf(textChars, Math.max(depth + 1, textChars.length * 2));
                    }
                    textChars[depth] = 0;
                    String name = r.getLocalName();
                    if (capturingName != null) {
                        if (problem == null) {
                            problem = new RecordRejectedException(NOT_A_SCALAR,
                                    "field '" + capturingName + "' holds child elements");
                        }
                        continue;
                    }
                    if (depth == 1) {
                        isEvent = name.equals("Event");
                    } else if (depth == 2) {
                        section = name;
                    } else if (depth == 3 && "System".equals(section)) {
                        // Provider and TimeCreated carry their field as an attribute; an element
                        // without it does not hold the field, so cannot duplicate it.
                        switch (name) {
                            case PROVIDER -> problem = putPresent(system, PROVIDER, attribute(r, "Name"), problem);
                            case TIME_CREATED -> problem = putPresent(system, TIME_CREATED, attribute(r, "SystemTime"), problem);
                            case EVENT_ID, COMPUTER, CHANNEL -> {
                                capturingName = name;
                                capturingInto = system;
                            }
                            default -> { }
                        }
                    } else if (depth == 3 && "EventData".equals(section) && name.equals("Data")) {
                        String field = attribute(r, "Name");
                        if (field != null && SysmonFieldNames.READ_SET.contains(field)) {
                            capturingName = field;
                            capturingInto = data;
                        }
                    }
                    if (capturingName != null && capturingDepth < 0) {
                        capturingDepth = depth;
                        text.setLength(0);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (checkLengths && depth > 0) {
                        textChars[depth] = checkLength(textChars[depth] + (long) r.getTextLength(), "the text of an element");
                    }
                    if (capturingName != null && depth == capturingDepth) {
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth == capturingDepth) {
                        problem = put(capturingInto, capturingName, text.toString(), problem);
                        capturingName = null;
                        capturingInto = null;
                        capturingDepth = -1;
                    }
                    if (depth == 2) {
                        section = null;
                    }
                    depth--;
                }
                default -> { }
            }
        }
        if (!isEvent) {
            throw new RecordRejectedException(UNRECOGNISED_RECORD, "XML root element is not Event");
        }
        if (problem != null) {
            throw problem;
        }
        return new SysmonEnvelope(
                system.get(EVENT_ID),
                system.get(PROVIDER),
                system.get(CHANNEL),
                system.get(COMPUTER),
                data,
                List.of(system.getOrDefault(TIME_CREATED, ""))).toResult();
    }

    /** The names and values of the element just started, its attributes and namespace declarations. */
    private void checkNames(XMLStreamReader r) throws RecordRejectedException {
        checkLength(qualifiedLength(r.getPrefix(), r.getLocalName()), "an element name");
        for (int i = 0; i < r.getAttributeCount(); i++) {
            checkLength(qualifiedLength(r.getAttributePrefix(i), r.getAttributeLocalName(i)), "an attribute name");
            checkLength(r.getAttributeValue(i).length(), "an attribute value");
        }
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            checkLength(qualifiedLength(r.getNamespacePrefix(i), "xmlns"), "an attribute name");
            String uri = r.getNamespaceURI(i);
            checkLength(uri == null ? 0 : uri.length(), "an attribute value");
        }
    }

    /**
     * The JDK parser takes a name that starts with a colon ({@code :Name}, {@code :}) as a local
     * name with a colon in it instead of refusing it (Namespaces in XML, QName): such a name
     * could hide a second {@code Name} attribute or element from the mapping.
     */
    private static void checkQualifiedNames(XMLStreamReader r) throws RecordRejectedException {
        boolean qualified = isNcName(r.getLocalName());
        for (int i = 0; qualified && i < r.getAttributeCount(); i++) {
            qualified = isNcName(r.getAttributeLocalName(i));
        }
        if (!qualified) {
            throw new RecordRejectedException(MALFORMED_XML, "a name starting with ':' is not a qualified name");
        }
    }

    private static boolean isNcName(String localName) {
        return !localName.isEmpty() && localName.indexOf(':') < 0;
    }

    private int checkLength(long chars, String what) throws RecordRejectedException {
        if (chars > maxFieldChars) {
            throw new RecordRejectedException(FIELD_TOO_LONG, what + " is longer than " + maxFieldChars + " characters");
        }
        return (int) chars;
    }

    /** The length of {@code prefix:local} as written; no prefix, just the local name. */
    private static long qualifiedLength(String prefix, String local) {
        return (prefix == null || prefix.isEmpty() ? 0 : prefix.length() + 1) + (long) local.length();
    }

    /** Records a read field; a second occurrence makes the record ambiguous. */
    private static RecordRejectedException put(
            Map<String, String> into, String name, String value, RecordRejectedException problem) {
        if (into.containsKey(name)) {
            return problem != null ? problem
                    : new RecordRejectedException(DUPLICATE_FIELD, "field '" + name + "' appears more than once");
        }
        into.put(name, value);
        return problem;
    }

    private static RecordRejectedException putPresent(
            Map<String, String> into, String name, String value, RecordRejectedException problem) {
        return value == null ? problem : put(into, name, value, problem);
    }

    /** The value of a namespace-less attribute, or null. */
    private static String attribute(XMLStreamReader r, String localName) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            if ((ns == null || ns.isEmpty()) && r.getAttributeLocalName(i).equals(localName)) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** "column 301: message", from the JDK's "ParseError at [row,col]:[1,301]\nMessage: ...". */
    private static String describe(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int at = message.indexOf("Message: ");
        String text = at >= 0 ? OneLine.of(message.substring(at + 9), "malformed XML") : OneLine.of(message, "malformed XML");
        return e.getLocation() != null ? "column " + e.getLocation().getColumnNumber() + ": " + text : text;
    }

}
