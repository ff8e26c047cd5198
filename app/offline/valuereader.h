#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QString>
#include <array>

namespace kete::offline {

// Reads what QDataStream (version Qt_6_4, big-endian) wrote, straight from memory: the stored
// record's values are read tens of thousands at a time when Kete opens, and a QDataStream over a
// QBuffer spends most of that time in the device's calls and in allocating the same strings
// again. A string this reader met lately is shared, not made again: the record's codes, systems
// and units repeat in every resource (a small table of recent strings, not a hash of all: hashing
// every string cost more than making it). Reading past the end or a malformed value sets
// status() and reads nothing more.
//
//   ValueReader in;             // one per thread: it keeps the strings it met lately
//   in.reset(bytes);            // `bytes` outlive the reads from them
//   quint32 n; QString s;
//   in >> n >> s;
//   if (in.status() != ValueReader::Ok) ...
class ValueReader final
{
public:
    enum Status
    {
        Ok,
        ReadPastEnd,
        ReadCorruptData
    };

    void reset(QByteArrayView bytes);
    // The caller's format number for what it reads (as QDataStream::version()); 0 until set.
    void setVersion(int version) { m_version = version; }
    int version() const { return m_version; }

    Status status() const { return m_status; }
    void setCorrupt();
    bool atEnd() const { return m_at == m_bytes.size(); }
    qsizetype bytesLeft() const { return m_bytes.size() - m_at; }

    ValueReader &operator>>(quint8 &v);
    ValueReader &operator>>(qint8 &v);
    ValueReader &operator>>(bool &v);
    ValueReader &operator>>(quint32 &v);
    ValueReader &operator>>(qint32 &v);
    ValueReader &operator>>(qint64 &v);
    ValueReader &operator>>(double &v);
    ValueReader &operator>>(QString &v);
    ValueReader &operator>>(QByteArray &v);
    ValueReader &operator>>(QDateTime &v);

    // How many bits pick a place among the recent strings.
    static constexpr int kRecentStringBits = 10;

private:
    const char *take(qsizetype size);
    template<typename T> T bigEndian();

    QByteArrayView m_bytes;
    qsizetype m_at = 0;
    Status m_status = Ok;
    int m_version = 0;
    std::array<QString, size_t(1) << kRecentStringBits> m_recentStrings; // see recentSlot()

    struct Moment
    {
        qint64 julianDay;
        quint32 msecs;
        qint8 spec;
        qint32 offset;
        friend bool operator==(const Moment &, const Moment &) = default;
        friend size_t qHash(const Moment &m, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, m.julianDay, m.msecs, m.spec, m.offset);
        }
    };
    QHash<Moment, QDateTime> m_dateTimes;
};

} // namespace kete::offline
