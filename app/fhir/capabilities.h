#pragma once

#include <QHash>
#include <QSet>
#include <QString>

namespace kete::fhir {

// What a server's CapabilityStatement (GET metadata) says about searching, as far as Kete asks.
struct ServerCapabilities
{
    QHash<QString, QSet<QString>> searchParams; // rest.resource[].searchParam names, by type
    QSet<QString> commonSearchParams;           // rest.searchParam: declared for every type

    bool supportsSearchParam(const QString &resourceType, const QString &name) const;
    // "-date" when the server lists both `_sort` and `dateParam` for the type: newest first.
    // Empty otherwise (a sort the server did not declare could fail the whole search).
    QString newestFirstSort(const QString &resourceType, const QString &dateParam) const;
};

} // namespace kete::fhir
