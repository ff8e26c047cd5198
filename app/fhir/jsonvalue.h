#pragma once

// The one way Kete's FHIR parsers read JSON: simdjson's DOM, seen through a tolerant value that
// behaves like QJsonValue (absent or mistyped fields read as empty, never as errors), so that the
// resource parsers keep their shape while the bytes never pass through QJsonDocument.
// Private to app/fhir: nothing outside the parsers sees simdjson.

#include <QByteArrayView>
#include <QString>
#include <array>
#include <cstdint>
#include <memory>
#include <simdjson.h>
#include <string>
#include <string_view>

namespace kete::fhir::json {

// key == name, compiled to a length test and a few word compares (std::string_view's == calls
// memcmp, which shows in a profile when every field of every resource is matched).
template<size_t N> inline bool keyIs(std::string_view key, const char (&name)[N])
{
    return key.size() == N - 1 && __builtin_memcmp(key.data(), name, N - 1) == 0;
}

class Array;
class Object;

class Value
{
public:
    Value() = default;                    // undefined: an absent field
    Value(simdjson::dom::element element) // NOLINT(google-explicit-constructor)
        : m_element(element)
        , m_type(element.type())
        , m_defined(true)
    {}

    bool isUndefined() const { return !m_defined; }
    bool isObject() const { return is(simdjson::dom::element_type::OBJECT); }
    bool isArray() const { return is(simdjson::dom::element_type::ARRAY); }
    bool isString() const { return is(simdjson::dom::element_type::STRING); }
    bool isBool() const { return is(simdjson::dom::element_type::BOOL); }
    bool isNumber() const
    {
        return is(simdjson::dom::element_type::DOUBLE) || is(simdjson::dom::element_type::INT64) ||
               is(simdjson::dom::element_type::UINT64);
    }

    // Empty unless a string; the bytes stay in the parser's document.
    std::string_view stringView() const
    {
        return isString() ? m_element.get_string().value_unsafe() : std::string_view();
    }
    QString toString() const { return fromUtf8(stringView()); }
    // 0 unless a number; integers beyond 2^53 lose digits as they do in QJsonValue.
    double toDouble() const
    {
        if (is(simdjson::dom::element_type::DOUBLE))
            return m_element.get_double().value_unsafe();
        if (is(simdjson::dom::element_type::INT64))
            return double(m_element.get_int64().value_unsafe());
        if (is(simdjson::dom::element_type::UINT64))
            return double(m_element.get_uint64().value_unsafe());
        return 0;
    }
    // QJsonValue::toInt: the number when it is an integer in int range, else `fallback`.
    int toInt(int fallback = 0) const
    {
        const double d = toDouble();
        if (!isNumber() || d != double(int(d)) || d < -2147483648.0 || d > 2147483647.0)
            return fallback;
        return int(d);
    }
    bool toBool() const { return isBool() && m_element.get_bool().value_unsafe(); }

    // Writes everything this value holds into `key`, nested fields included, so that equal
    // keys mean equal JSON (numbers by their parsed value). False when it does not fit.
    bool writeContentKey(class ContentKey &key) const;

    // The field `key` of an object; undefined when absent or when this is not an object.
    Value operator[](std::string_view key) const;
    Array toArray() const;
    Object toObject() const;

    static QString fromUtf8(std::string_view text)
    {
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }

private:
    bool is(simdjson::dom::element_type type) const { return m_defined && m_type == type; }

    simdjson::dom::element m_element;
    simdjson::dom::element_type m_type = simdjson::dom::element_type::NULL_VALUE;
    bool m_defined = false;
};

// The elements of an array; none when the value was not an array.
class Array
{
public:
    class iterator
    {
    public:
        iterator() = default;
        explicit iterator(simdjson::dom::array::iterator it)
            : m_it(it)
        {}
        Value operator*() const { return Value(*m_it); }
        iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        bool operator!=(const iterator &other) const { return m_it != other.m_it; }

    private:
        simdjson::dom::array::iterator m_it;
    };

    Array() = default;
    explicit Array(simdjson::dom::array array)
        : m_array(array)
        , m_defined(true)
    {}
    iterator begin() const { return m_defined ? iterator(m_array.begin()) : iterator(); }
    iterator end() const { return m_defined ? iterator(m_array.end()) : iterator(); }
    qsizetype size() const { return m_defined ? qsizetype(m_array.size()) : 0; }
    bool isEmpty() const { return size() == 0; }

private:
    simdjson::dom::array m_array;
    bool m_defined = false;
};

// The fields of an object, for parsers that read an object in one pass (the hot resources);
// none when the value was not an object. Duplicate keys arrive in order: the last one wins.
class Object
{
public:
    struct Field
    {
        std::string_view key;
        Value value;
    };
    class iterator
    {
    public:
        iterator() = default;
        explicit iterator(simdjson::dom::object::iterator it)
            : m_it(it)
        {}
        Field operator*() const { return Field{m_it.key(), Value(m_it.value())}; }
        iterator &operator++()
        {
            ++m_it;
            return *this;
        }
        bool operator!=(const iterator &other) const { return m_it != other.m_it; }

    private:
        simdjson::dom::object::iterator m_it;
    };

    Object() = default;
    explicit Object(simdjson::dom::object object)
        : m_object(object)
        , m_defined(true)
    {}
    iterator begin() const { return m_defined ? iterator(m_object.begin()) : iterator(); }
    iterator end() const { return m_defined ? iterator(m_object.end()) : iterator(); }
    bool isEmpty() const { return !m_defined || m_object.size() == 0; }
    Value operator[](std::string_view key) const
    {
        if (!m_defined)
            return Value();
        simdjson::dom::element element;
        if (m_object.at_key(key).get(element) != simdjson::SUCCESS)
            return Value();
        return Value(element);
    }

private:
    simdjson::dom::object m_object;
    bool m_defined = false;
};

// Room for a value's content key (Value::writeContentKey): a fixed buffer, so that writing a
// key costs a bounds test and a copy per part, and no allocation.
class ContentKey
{
public:
    static constexpr std::size_t kCapacity = 1024;

    std::string_view view() const { return std::string_view(m_bytes.data(), m_size); }
    void clear() { m_size = 0; }
    // Each false, writing nothing more, once the key would outgrow kCapacity.
    bool tag(char tag) { return write(&tag, 1); }
    template<typename Scalar> bool scalar(char tag, Scalar value)
    {
        return write(&tag, 1) && write(&value, sizeof value);
    }
    bool text(char tag, std::string_view text)
    {
        return scalar(tag, uint32_t(text.size())) && write(text.data(), text.size());
    }

private:
    bool write(const void *bytes, std::size_t size)
    {
        if (size > kCapacity - m_size)
            return false;
        __builtin_memcpy(m_bytes.data() + m_size, bytes, size);
        m_size += size;
        return true;
    }

    std::array<char, kCapacity> m_bytes;
    std::size_t m_size = 0;
};

// One parsed JSON text. It borrows this thread's parser (whose buffers grow to the largest
// document and are reused, as simdjson intends), or owns one for very large texts and for a
// parse nested in another on the same thread. Values read from it live as long as it does.
class Document
{
public:
    explicit Document(QByteArrayView json);
    // The whole of `json`; its allocation's spare capacity may spare a copy.
    explicit Document(const QByteArray &json);
    ~Document();
    Document(const Document &) = delete;
    Document &operator=(const Document &) = delete;

    bool ok() const { return m_error == simdjson::SUCCESS; }
    simdjson::error_code error() const { return m_error; }
    // "invalid UTF-8 at offset 12", "malformed number", ...: for logs, never the text itself.
    // Offsets count from `base` (where this text starts in a larger one).
    QString errorText(qsizetype base = 0) const;
    Value root() const { return ok() ? Value(m_root) : Value(); }

private:
    Document(QByteArrayView json, qsizetype roomAfter);
    simdjson::simdjson_result<simdjson::dom::element> parse(QByteArrayView json);

    std::unique_ptr<simdjson::dom::parser> m_own;
    qsizetype m_roomAfter = 0;
    simdjson::dom::parser *m_parser = nullptr;
    simdjson::dom::element m_root;
    simdjson::error_code m_error = simdjson::UNINITIALIZED;
    qsizetype m_invalidUtf8At = -1;
};

// A string that recurs across resources (a code system, a code, a unit, a display): one shared
// QString per distinct text per thread, so that a page of 1,000 glucose results holds
// "http://loinc.org" once rather than 1,000 times, and the UTF-16 conversion runs once.
QString sharedString(std::string_view text);
inline QString sharedString(const Value &value)
{
    return sharedString(value.stringView());
}

inline Value Value::operator[](std::string_view key) const
{
    return toObject()[key];
}

inline Array Value::toArray() const
{
    return isArray() ? Array(m_element.get_array().value_unsafe()) : Array();
}

inline Object Value::toObject() const
{
    return isObject() ? Object(m_element.get_object().value_unsafe()) : Object();
}

} // namespace kete::fhir::json
