#include "fhir/jsonvalue.h"

#include <array>
#include <string>

namespace kete::fhir::json {

namespace {

// Above this, a document gets a parser of its own, freed with it: the thread's parser would
// otherwise keep buffers the size of the largest page ever read.
constexpr qsizetype kLargeDocument = 16 * 1024 * 1024;

struct ThreadParser
{
    simdjson::dom::parser parser;
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

} // namespace

Document::Document(QByteArrayView json)
{
    if (json.size() > kLargeDocument || threadParser.busy) {
        m_own = std::make_unique<simdjson::dom::parser>();
        m_parser = m_own.get();
    } else {
        m_parser = &threadParser.parser;
        threadParser.busy = true;
    }
    m_error = m_parser->parse(json.data(), size_t(json.size())).get(m_root);
    if (m_error == simdjson::UTF8_ERROR)
        m_invalidUtf8At = firstInvalidUtf8(json);
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
    Slot &slot = cache[std::hash<std::string_view>{}(text) % kSlots];
    if (slot.key != text) {
        slot.key.assign(text);
        slot.value = Value::fromUtf8(text);
    }
    return slot.value;
}

} // namespace kete::fhir::json
