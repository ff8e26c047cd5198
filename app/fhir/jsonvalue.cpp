#include "fhir/jsonvalue.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace kete::fhir::json {

namespace {

// Above this, a document gets a parser of its own, freed with it: the thread's parser would
// otherwise keep buffers the size of the largest page ever read.
constexpr qsizetype kLargeDocument = 16 * 1024 * 1024;

struct ThreadParser
{
    simdjson::dom::parser parser;
    // simdjson reads up to SIMDJSON_PADDING bytes past the text: a copy goes here when the
    // caller's buffer has no room after it. Reused, so that pages cost no allocation.
    std::unique_ptr<char[]> padded;
    size_t paddedCapacity = 0;
    bool busy = false;
};

thread_local ThreadParser threadParser;

// Where the first byte lies that is not valid UTF-8; -1 when all are valid.
qsizetype firstInvalidUtf8(QByteArrayView bytes)
{
    const auto *s = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        int length = 0;
        unsigned char min = 0x80;
        unsigned char max = 0xbf;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            length = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            if (c == 0xe0)
                min = 0xa0;
            else if (c == 0xed)
                max = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            if (c == 0xf0)
                min = 0x90;
            else if (c == 0xf4)
                max = 0x8f;
        } else {
            return i;
        }
        if (i + length > n)
            return i;
        for (int k = 1; k < length; ++k) {
            const unsigned char b = s[i + k];
            if (b < (k == 1 ? min : 0x80) || b > (k == 1 ? max : 0xbf))
                return i;
        }
        i += length;
    }
    return -1;
}

// Cheap for the short texts sharedString() sees: a few 8-byte words (start, middle, end) and the
// length, mixed. A collision only costs a cache miss, never a wrong string.
size_t shortTextHash(std::string_view text)
{
    const size_t n = text.size();
    uint64_t first = 0;
    uint64_t middle = 0;
    uint64_t last = 0;
    if (n >= 8) {
        std::memcpy(&first, text.data(), 8);
        std::memcpy(&middle, text.data() + n / 2 - 4, 8);
        std::memcpy(&last, text.data() + n - 8, 8);
    } else {
        for (size_t i = 0; i < n; ++i)
            first = (first << 8) | uint8_t(text[i]);
    }
    uint64_t h = (first ^ (n << 56)) * 0x9e3779b97f4a7c15ULL;
    h ^= (middle + (h >> 31)) * 0xc2b2ae3d27d4eb4fULL;
    h ^= (last + (h >> 29)) * 0x165667b19e3779f9ULL;
    return size_t(h ^ (h >> 32));
}

} // namespace

Document::Document(QByteArrayView json)
    : Document(json, 0)
{}

Document::Document(const QByteArray &json)
    : Document(QByteArrayView(json), json.capacity() - json.size())
{}

Document::Document(QByteArrayView json, qsizetype roomAfter)
    : m_roomAfter(roomAfter)
{
    if (json.size() > kLargeDocument || threadParser.busy) {
        m_own = std::make_unique<simdjson::dom::parser>();
        m_parser = m_own.get();
    } else {
        m_parser = &threadParser.parser;
        threadParser.busy = true;
    }
    m_error = parse(json).get(m_root);
    if (m_error == simdjson::UTF8_ERROR)
        m_invalidUtf8At = firstInvalidUtf8(json);
}

simdjson::simdjson_result<simdjson::dom::element> Document::parse(QByteArrayView json)
{
    const size_t length = size_t(json.size());
    // Room enough after the text in a QByteArray's own allocation: read in place.
    if (m_roomAfter >= qsizetype(simdjson::SIMDJSON_PADDING))
        return m_parser->parse(json.data(), length, false);
    if (m_own)
        return m_parser->parse(json.data(), length, true);
    ThreadParser &thread = threadParser;
    if (thread.paddedCapacity < length + simdjson::SIMDJSON_PADDING) {
        thread.paddedCapacity = (length + simdjson::SIMDJSON_PADDING) * 5 / 4;
        thread.padded = std::make_unique<char[]>(thread.paddedCapacity);
    }
    if (length > 0) // an empty view may have no data at all, and memcpy wants a pointer
        std::memcpy(thread.padded.get(), json.data(), length);
    std::memset(thread.padded.get() + length, 0, simdjson::SIMDJSON_PADDING);
    return m_parser->parse(thread.padded.get(), length, false);
}

Document::~Document()
{
    if (!m_own)
        threadParser.busy = false;
}

QString Document::errorText(qsizetype base) const
{
    switch (m_error) {
    case simdjson::SUCCESS:
        return QString();
    case simdjson::EMPTY:
        return QStringLiteral("no JSON (empty)");
    case simdjson::UTF8_ERROR:
        return m_invalidUtf8At >= 0
                   ? QStringLiteral("invalid UTF-8 at offset %1").arg(base + m_invalidUtf8At)
                   : QStringLiteral("invalid UTF-8");
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
        return QStringLiteral("a number that is malformed or out of range");
    case simdjson::UNCLOSED_STRING:
        return QStringLiteral("a string that is never closed (truncated?)");
    case simdjson::DEPTH_ERROR:
        return QStringLiteral("nested too deeply");
    default:
        return QString::fromUtf8(simdjson::error_message(m_error));
    }
}

namespace {

bool writeElementKey(simdjson::dom::element element, ContentKey &key)
{
    using Type = simdjson::dom::element_type;
    switch (element.type()) {
    case Type::ARRAY: {
        if (!key.tag('['))
            return false;
        const simdjson::dom::array array = element.get_array().value_unsafe();
        for (const simdjson::dom::element item : array) {
            if (!writeElementKey(item, key))
                return false;
        }
        return key.tag(']');
    }
    case Type::OBJECT: {
        if (!key.tag('{'))
            return false;
        const simdjson::dom::object object = element.get_object().value_unsafe();
        for (const simdjson::dom::key_value_pair field : object) {
            if (!key.text('k', field.key) || !writeElementKey(field.value, key))
                return false;
        }
        return key.tag('}');
    }
    case Type::STRING:
        return key.text('s', element.get_string().value_unsafe());
    case Type::INT64:
        return key.scalar('i', element.get_int64().value_unsafe());
    case Type::UINT64:
        return key.scalar('u', element.get_uint64().value_unsafe());
    case Type::DOUBLE:
        return key.scalar('d', element.get_double().value_unsafe());
    case Type::BOOL:
        return key.tag(element.get_bool().value_unsafe() ? 't' : 'f');
    case Type::NULL_VALUE:
        return key.tag('n');
    }
    return false;
}

} // namespace

bool Value::writeContentKey(ContentKey &key) const
{
    key.clear();
    return m_defined ? writeElementKey(m_element, key) : key.tag('u');
}

QString sharedString(std::string_view text)
{
    // Direct-mapped: a collision replaces the older text, so the cache stays small and bounded.
    constexpr size_t kSlots = 2048;
    constexpr size_t kLongest = 96;
    struct Slot
    {
        std::string key;
        QString value;
    };
    thread_local std::array<Slot, kSlots> cache;
    if (text.empty())
        return QString();
    if (text.size() > kLongest)
        return Value::fromUtf8(text);
    Slot &slot = cache[shortTextHash(text) % kSlots];
    if (slot.key != text) {
        slot.key.assign(text);
        slot.value = Value::fromUtf8(text);
    }
    return slot.value;
}

} // namespace kete::fhir::json
