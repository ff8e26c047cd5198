#pragma once

#include "brands/brand.h"

#include <QList>
#include <QString>
#include <vector>

class QDataStream;

namespace kete::brands {

// Search as you type over the provider directory: every word of the query must start a word of
// the entry's name, aliases, city, state, postal code, country or website. Ranked: the name
// starts with the query, then every word starts a word of the name, then an alias, then the
// other fields; alphabetical within a rank. A value type; search() is const and thread-safe.
class BrandsIndex
{
public:
    enum class Rank : quint8
    {
        NamePrefix = 0,
        NameWord = 1,
        Alias = 2,
        OtherField = 3,
    };
    struct Hit
    {
        qsizetype entry; // into entries()
        Rank rank;
    };

    BrandsIndex() = default;
    explicit BrandsIndex(QList<ProviderEntry> entries);

    // The best `limit` hits, best first; nothing for an empty query.
    QList<Hit> search(QStringView query, qsizetype limit = 50) const;

    const QList<ProviderEntry> &entries() const { return m_entries; }
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    // The index as it is kept on disk (entries, words and postings; no re-parse, no re-sort).
    void write(QDataStream &stream) const;
    static bool read(QDataStream &stream, BrandsIndex &index);

    // Lower case, accents and punctuation gone, words separated by one space: "São-Paulo" is
    // "sao paulo".
    static QString normalized(QStringView text);

private:
    void build();

    QList<ProviderEntry> m_entries;   // sorted by name
    QStringList m_names;              // normalized name of each entry
    QStringList m_words;              // sorted, unique
    std::vector<quint32> m_wordStart; // m_words.size() + 1 offsets into m_postings
    std::vector<quint32> m_postings;  // entry << 2 | field rank (1..3)
};

} // namespace kete::brands
