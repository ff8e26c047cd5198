#include "brands/brandsindex.h"

#include <QDataStream>
#include <algorithm>
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
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_KD);
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

    struct Posting
    {
        QString word;
        quint32 value;
    };
    std::vector<Posting> postings;
    postings.reserve(size_t(m_entries.size()) * 8);
    for (qsizetype e = 0; e < m_entries.size(); ++e) {
        const ProviderEntry &entry = m_entries.at(e);
        const auto add = [&](const QString &text, Rank rank) {
            const QString normal = normalized(text);
            for (const QStringView word : QStringTokenizer(normal, QLatin1Char(' ')))
                postings.push_back({word.toString(), quint32(e) << 2 | quint32(rank)});
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
    std::sort(postings.begin(), postings.end(), [](const Posting &a, const Posting &b) {
        return a.word < b.word || (a.word == b.word && a.value < b.value);
    });
    m_words.clear();
    m_wordStart.clear();
    m_postings.clear();
    m_postings.reserve(postings.size());
    for (size_t i = 0; i < postings.size(); ++i) {
        if (i == 0 || postings[i].word != postings[i - 1].word) {
            m_words.append(postings[i].word);
            m_wordStart.push_back(quint32(m_postings.size()));
        } else if (postings[i].value == postings[i - 1].value) {
            continue;
        }
        m_postings.push_back(postings[i].value);
    }
    m_wordStart.push_back(quint32(m_postings.size()));
}

QList<BrandsIndex::Hit> BrandsIndex::search(QStringView query, qsizetype limit) const
{
    const QString normal = normalized(query);
    if (normal.isEmpty() || limit <= 0)
        return {};
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

void writeNumbers(QDataStream &stream, const std::vector<quint32> &numbers)
{
    stream << quint64(numbers.size());
    for (const quint32 n : numbers)
        stream << n;
}

bool readNumbers(QDataStream &stream, std::vector<quint32> &numbers, quint64 atMost)
{
    quint64 count = 0;
    stream >> count;
    if (stream.status() != QDataStream::Ok || count > atMost)
        return false;
    numbers.resize(size_t(count));
    for (quint32 &n : numbers)
        stream >> n;
    return stream.status() == QDataStream::Ok;
}

} // namespace

void BrandsIndex::write(QDataStream &stream) const
{
    stream << m_entries << m_names << m_words;
    writeNumbers(stream, m_wordStart);
    writeNumbers(stream, m_postings);
}

bool BrandsIndex::read(QDataStream &stream, BrandsIndex &index)
{
    BrandsIndex read;
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
