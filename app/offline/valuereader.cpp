#include "offline/valuereader.h"

#include <QDataStream>
#include <QIODevice>
#include <QTimeZone>
#include <QtEndian>
#include <cstring>

namespace kete::offline {

namespace {

// QDataStream's marks: a null string's (or byte array's) length, and a null time's milliseconds.
constexpr quint32 kNullString = 0xffffffff;
constexpr quint32 kNullTime = 0xffffffff;

// Where a string's bytes go in the reader's recent strings: from its size and its first and last
// eight bytes, which tell the repeated codes, systems and units apart without reading them whole.
size_t recentSlot(const char *bytes, quint32 size)
{
    quint64 head = 0;
    quint64 tail = 0;
    std::memcpy(&head, bytes, std::min<size_t>(size, sizeof head));
    if (size > sizeof tail)
        std::memcpy(&tail, bytes + size - sizeof tail, sizeof tail);
    const quint64 mixed = (head ^ (tail * 0x9e3779b97f4a7c15ULL) ^ size) * 0xff51afd7ed558ccdULL;
    return size_t(mixed >> (64 - ValueReader::kRecentStringBits));
}

// Whether `text` is the UTF-16 big-endian `bytes` (as many as its characters take).
bool sameText(const QString &text, const char *bytes)
{
    const char16_t *chars = reinterpret_cast<const char16_t *>(text.constData());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (chars[i] != qFromBigEndian<char16_t>(bytes + 2 * i))
            return false;
    }
    return true;
}

} // namespace

void ValueReader::reset(QByteArrayView bytes)
{
    m_bytes = bytes;
    m_at = 0;
    m_status = Ok;
}

void ValueReader::setCorrupt()
{
    if (m_status == Ok)
        m_status = ReadCorruptData;
}

const char *ValueReader::take(qsizetype size)
{
    if (m_status != Ok)
        return nullptr;
    if (size > bytesLeft()) {
        m_status = ReadPastEnd;
        m_at = m_bytes.size();
        return nullptr;
    }
    const char *at = m_bytes.data() + m_at;
    m_at += size;
    return at;
}

template<typename T> T ValueReader::bigEndian()
{
    const char *at = take(sizeof(T));
    return at ? qFromBigEndian<T>(at) : T{};
}

ValueReader &ValueReader::operator>>(quint8 &v)
{
    v = bigEndian<quint8>();
    return *this;
}

ValueReader &ValueReader::operator>>(qint8 &v)
{
    v = bigEndian<qint8>();
    return *this;
}

ValueReader &ValueReader::operator>>(bool &v)
{
    v = bigEndian<qint8>() != 0;
    return *this;
}

ValueReader &ValueReader::operator>>(quint32 &v)
{
    v = bigEndian<quint32>();
    return *this;
}

ValueReader &ValueReader::operator>>(qint32 &v)
{
    v = bigEndian<qint32>();
    return *this;
}

ValueReader &ValueReader::operator>>(qint64 &v)
{
    v = bigEndian<qint64>();
    return *this;
}

ValueReader &ValueReader::operator>>(double &v)
{
    const quint64 bits = bigEndian<quint64>();
    std::memcpy(&v, &bits, sizeof v);
    return *this;
}

ValueReader &ValueReader::operator>>(QString &v)
{
    v.clear();
    const quint32 size = bigEndian<quint32>();
    if (m_status != Ok || size == kNullString)
        return *this;
    if (size % 2 != 0) {
        setCorrupt();
        return *this;
    }
    const char *utf16 = take(size);
    if (!utf16)
        return *this;
    if (size == 0) {
        v = QLatin1String(""); // QDataStream reads an empty string as empty, not null
        return *this;
    }
    QString &recent = m_recentStrings[recentSlot(utf16, size)];
    if (recent.size() == qsizetype(size / 2) && sameText(recent, utf16)) {
        v = recent;
        return *this;
    }
    QString text(qsizetype(size / 2), Qt::Uninitialized);
    qFromBigEndian<char16_t>(utf16, size / 2, text.data());
    recent = text;
    v = std::move(text);
    return *this;
}

ValueReader &ValueReader::operator>>(QByteArray &v)
{
    v.clear();
    const quint32 size = bigEndian<quint32>();
    if (m_status != Ok || size == kNullString)
        return *this;
    if (const char *bytes = take(size))
        v = QByteArray(bytes, size);
    return *this;
}

ValueReader &ValueReader::operator>>(QDateTime &v)
{
    qint64 julianDay = 0;
    quint32 msecs = 0;
    qint8 spec = 0;
    *this >> julianDay >> msecs >> spec;
    v = QDateTime();
    if (m_status != Ok)
        return *this;
    const QDate date = QDate::fromJulianDay(julianDay);
    const QTime time = msecs == kNullTime ? QTime() : QTime::fromMSecsSinceStartOfDay(int(msecs));
    // Made once per reader for each moment and frame: local times and offsets cost a
    // time-zone look-up or more each to make, and the same ones come back in every resource.
    const auto made = [&](qint32 offset, auto make) {
        const auto known = m_dateTimes.constFind({julianDay, msecs, spec, offset});
        if (known != m_dateTimes.cend())
            return *known;
        const QDateTime value = make();
        m_dateTimes.insert({julianDay, msecs, spec, offset}, value);
        return value;
    };
    switch (Qt::TimeSpec(spec)) {
    case Qt::UTC:
        v = QDateTime(date, time, Qt::UTC);
        break;
    case Qt::OffsetFromUTC: {
        qint32 offset = 0;
        *this >> offset;
        if (m_status == Ok)
            v = made(offset, [&] { return QDateTime(date, time, Qt::OffsetFromUTC, offset); });
        break;
    }
    case Qt::LocalTime:
        v = made(0, [&] { return QDateTime(date, time, Qt::LocalTime); });
        break;
    case Qt::TimeZone: {
        // Rare (Kete's own values are UTC, an offset or a local date): QDataStream reads it.
        const QByteArray rest = QByteArray::fromRawData(m_bytes.data() + m_at, bytesLeft());
        QDataStream in(rest);
        in.setVersion(QDataStream::Qt_6_4);
        QTimeZone zone;
        in >> zone;
        if (in.status() != QDataStream::Ok) {
            setCorrupt();
            break;
        }
        take(in.device()->pos());
        v = QDateTime(date, time, zone);
        break;
    }
    default:
        setCorrupt();
    }
    return *this;
}

} // namespace kete::offline
