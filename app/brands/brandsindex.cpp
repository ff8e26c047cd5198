#include "brands/brandsindex.h"

#include <QDataStream>
#include <QHash>
#include <QSysInfo>
#include <algorithm>
#include <climits>
#include <utility>

namespace kete::brands {

namespace {

constexpr quint8 noMatch = 0xff;

QString websiteText(const QString &website)
{
    QString host = website;
    const qsizetype scheme = host.indexOf(QLatin1String("://"));
    if (scheme >= 0)
        host = host.mid(scheme + 3);
    if (host.startsWith(QLatin1String("www."), Qt::CaseInsensitive))
        host = host.mid(4);
    return host;
}

} // namespace

QString BrandsIndex::normalized(QStringView text)
{
    // Decomposing is the slow part and does nothing to plain ASCII, most of a directory.
    const bool ascii =
        std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
    const QString decomposed =
        ascii ? text.toString() : text.toString().normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    bool space = true;
    for (const QChar c : decomposed) {
        if (c.isMark())
            continue;
        if (c.isLetterOrNumber()) {
            out.append(c.toCaseFolded());
            space = false;
        } else if (!space) {
            out.append(QLatin1Char(' '));
            space = true;
        }
    }
    if (out.endsWith(QLatin1Char(' ')))
        out.chop(1);
    return out;
}

BrandsIndex::BrandsIndex(QList<ProviderEntry> entries)
    : m_entries(std::move(entries))
{
    build();
}

void BrandsIndex::build()
{
    QStringList names;
    names.reserve(m_entries.size());
    for (const ProviderEntry &entry : std::as_const(m_entries))
        names.append(normalized(entry.brandName));
    // Alphabetical entries: within a rank, the entry number is the order.
    std::vector<qsizetype> order(m_entries.size());
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](qsizetype a, qsizetype b) { return names.at(a) < names.at(b); });
    QList<ProviderEntry> sorted;
    sorted.reserve(m_entries.size());
    m_names.clear();
    m_names.reserve(m_entries.size());
    for (const qsizetype i : order) {
        sorted.append(std::move(m_entries[i]));
        m_names.append(names.at(i));
    }
    m_entries = std::move(sorted);

    // Words get numbers as they come; only the distinct words are sorted as text, then the
    // postings as plain integers.
    QHash<QString, quint32> wordIds;
    QStringList words;
    std::vector<quint64> postings; // word id << 32 | entry << 2 | rank
    postings.reserve(size_t(m_entries.size()) * 8);
    for (qsizetype e = 0; e < m_entries.size(); ++e) {
        const ProviderEntry &entry = m_entries.at(e);
        const auto add = [&](const QString &text, Rank rank) {
            const QString normal = normalized(text);
            for (const QStringView word : QStringTokenizer(normal, QLatin1Char(' '))) {
                const QString key = word.toString();
                auto id = wordIds.constFind(key);
                if (id == wordIds.constEnd()) {
                    id = wordIds.insert(key, quint32(words.size()));
                    words.append(key);
                }
                postings.push_back(quint64(*id) << 32 | quint64(e) << 2 | quint64(rank));
            }
        };
        add(m_names.at(e), Rank::NameWord);
        for (const QString &alias : entry.aliases)
            add(alias, Rank::Alias);
        for (const BrandAddress &address : entry.addresses) {
            add(address.city, Rank::OtherField);
            add(address.state, Rank::OtherField);
            add(address.postalCode, Rank::OtherField);
            add(address.country, Rank::OtherField);
        }
        for (const QString &website : entry.websites)
            add(websiteText(website), Rank::OtherField);
    }
    std::vector<quint32> byText(size_t(words.size()));
    for (size_t i = 0; i < byText.size(); ++i)
        byText[i] = quint32(i);
    std::sort(byText.begin(), byText.end(),
              [&](quint32 a, quint32 b) { return words.at(a) < words.at(b); });
    std::vector<quint32> position(byText.size());
    for (size_t i = 0; i < byText.size(); ++i)
        position[byText[i]] = quint32(i);
    for (quint64 &posting : postings)
        posting = quint64(position[size_t(posting >> 32)]) << 32 | (posting & 0xffffffffu);
    std::sort(postings.begin(), postings.end());

    m_words.clear();
    m_words.reserve(words.size());
    for (const quint32 id : byText)
        m_words.append(words.at(id));
    m_wordStart.assign(size_t(m_words.size()) + 1, 0);
    m_postings.clear();
    m_postings.reserve(postings.size());
    for (size_t i = 0; i < postings.size(); ++i) {
        // The same word twice in one field of one entry counts once.
        if (i > 0 && postings[i] == postings[i - 1])
            continue;
        m_postings.push_back(quint32(postings[i] & 0xffffffffu));
        ++m_wordStart[size_t(postings[i] >> 32) + 1];
    }
    for (size_t i = 1; i < m_wordStart.size(); ++i)
        m_wordStart[i] += m_wordStart[i - 1];
}

QList<BrandsIndex::Hit> BrandsIndex::search(QStringView query, qsizetype limit) const
{
    const QString normal = normalized(query);
    if (normal.isEmpty() || limit <= 0)
        return {};
    // The names that start with the query rank first and are one alphabetical run: when that
    // run fills the page (one or two typed letters), it is the answer.
    const auto firstName = std::lower_bound(m_names.cbegin(), m_names.cend(), normal);
    if (m_names.cend() - firstName >= limit && (firstName + (limit - 1))->startsWith(normal)) {
        QList<Hit> hits;
        hits.reserve(limit);
        for (qsizetype i = 0; i < limit; ++i)
            hits.append(Hit{(firstName - m_names.cbegin()) + i, Rank::NamePrefix});
        return hits;
    }
    const QList<QStringView> words =
        QStringTokenizer(normal, QLatin1Char(' ')).toContainer<QList<QStringView>>();

    // The best field each entry matched every word so far with (the worst of the words).
    std::vector<quint8> best(size_t(m_entries.size()), noMatch);
    std::vector<quint8> thisWord(size_t(m_entries.size()), noMatch);
    std::vector<quint32> candidates;
    for (qsizetype w = 0; w < words.size(); ++w) {
        const QStringView word = words.at(w);
        auto first = std::lower_bound(m_words.cbegin(), m_words.cend(), word,
                                      [](const QString &a, QStringView b) { return a < b; });
        std::vector<quint32> touched;
        for (auto it = first; it != m_words.cend() && it->startsWith(word); ++it) {
            const qsizetype index = it - m_words.cbegin();
            for (quint32 p = m_wordStart[size_t(index)]; p < m_wordStart[size_t(index) + 1]; ++p) {
                const quint32 entry = m_postings[p] >> 2;
                const quint8 rank = quint8(m_postings[p] & 3);
                if (thisWord[entry] == noMatch)
                    touched.push_back(entry);
                thisWord[entry] = std::min(thisWord[entry], rank);
            }
        }
        if (w == 0) {
            for (const quint32 entry : touched)
                best[entry] = thisWord[entry];
            candidates = touched;
        } else {
            std::vector<quint32> kept;
            for (const quint32 entry : candidates) {
                if (thisWord[entry] != noMatch) {
                    best[entry] = std::max(best[entry], thisWord[entry]);
                    kept.push_back(entry);
                }
            }
            candidates = std::move(kept);
        }
        for (const quint32 entry : touched)
            thisWord[entry] = noMatch;
        if (candidates.empty())
            return {};
    }

    std::vector<std::pair<quint8, quint32>> ranked;
    ranked.reserve(candidates.size());
    for (const quint32 entry : candidates) {
        quint8 rank = best[entry];
        if (rank == quint8(Rank::NameWord) && m_names.at(entry).startsWith(normal))
            rank = quint8(Rank::NamePrefix);
        ranked.emplace_back(rank, entry);
    }
    const auto end = ranked.begin() + std::min<qsizetype>(limit, qsizetype(ranked.size()));
    std::partial_sort(ranked.begin(), end, ranked.end());
    QList<Hit> hits;
    hits.reserve(end - ranked.begin());
    for (auto it = ranked.begin(); it != end; ++it)
        hits.append(Hit{qsizetype(it->second), Rank(it->first)});
    return hits;
}

// In the brands namespace, not an anonymous one: QList's stream operators find these by ADL.
static QDataStream &operator<<(QDataStream &s, const BrandEndpoint &e)
{
    return s << e.address << e.fhirVersion << e.name;
}
static QDataStream &operator>>(QDataStream &s, BrandEndpoint &e)
{
    return s >> e.address >> e.fhirVersion >> e.name;
}
static QDataStream &operator<<(QDataStream &s, const BrandAddress &a)
{
    return s << a.city << a.state << a.postalCode << a.country;
}
static QDataStream &operator>>(QDataStream &s, BrandAddress &a)
{
    return s >> a.city >> a.state >> a.postalCode >> a.country;
}
static QDataStream &operator<<(QDataStream &s, const ProviderEntry &e)
{
    return s << e.brandName << e.aliases << e.websites << e.addresses << e.brandLogo << e.portalName
             << e.portalDescription << e.portalUrl << e.portalLogo << e.endpoints;
}
static QDataStream &operator>>(QDataStream &s, ProviderEntry &e)
{
    return s >> e.brandName >> e.aliases >> e.websites >> e.addresses >> e.brandLogo >>
           e.portalName >> e.portalDescription >> e.portalUrl >> e.portalLogo >> e.endpoints;
}

namespace {

// The postings as they are in memory: the cache file belongs to this computer, and reading a
// million numbers one by one would cost more than the rest of the file.
void writeNumbers(QDataStream &stream, const std::vector<quint32> &numbers)
{
    stream << quint64(numbers.size());
    stream.writeRawData(reinterpret_cast<const char *>(numbers.data()),
                        int(numbers.size() * sizeof(quint32)));
}

bool readNumbers(QDataStream &stream, std::vector<quint32> &numbers, quint64 atMost)
{
    quint64 count = 0;
    stream >> count;
    if (stream.status() != QDataStream::Ok || count > atMost || count > quint64(INT_MAX / 4))
        return false;
    numbers.resize(size_t(count));
    const int bytes = int(count * sizeof(quint32));
    return stream.readRawData(reinterpret_cast<char *>(numbers.data()), bytes) == bytes;
}

} // namespace

void BrandsIndex::write(QDataStream &stream) const
{
    stream << quint8(QSysInfo::ByteOrder) << m_entries << m_names << m_words;
    writeNumbers(stream, m_wordStart);
    writeNumbers(stream, m_postings);
}

bool BrandsIndex::read(QDataStream &stream, BrandsIndex &index)
{
    BrandsIndex read;
    quint8 byteOrder = 0;
    stream >> byteOrder;
    if (byteOrder != quint8(QSysInfo::ByteOrder))
        return false;
    stream >> read.m_entries >> read.m_names >> read.m_words;
    if (stream.status() != QDataStream::Ok || read.m_names.size() != read.m_entries.size())
        return false;
    if (!readNumbers(stream, read.m_wordStart, quint64(read.m_words.size()) + 1) ||
        read.m_wordStart.size() != size_t(read.m_words.size()) + 1)
        return false;
    if (!readNumbers(stream, read.m_postings, quint64(1) << 32))
        return false;
    // A damaged file must not send search() out of bounds.
    const quint32 postings = quint32(read.m_postings.size());
    if (!std::is_sorted(read.m_wordStart.cbegin(), read.m_wordStart.cend()) ||
        read.m_wordStart.back() != postings)
        return false;
    const quint32 entries = quint32(read.m_entries.size());
    if (std::any_of(read.m_postings.cbegin(), read.m_postings.cend(),
                    [entries](quint32 p) { return (p >> 2) >= entries || (p & 3) == 0; }))
        return false;
    index = std::move(read);
    return true;
}

} // namespace kete::brands
