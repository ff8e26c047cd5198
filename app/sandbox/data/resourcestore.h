#pragma once

#include "common/result.h"
#include "sandbox/data/searchindex.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <memory>
#include <optional>

namespace kete::sandbox {

// One search parameter as it arrived (name may carry a modifier, e.g. "code:text",
// value may be a comma-separated OR list, e.g. "laboratory,vital-signs").
using SearchParameter = QPair<QString, QString>;

// The sandbox's FHIR R4 data: every resource of every patient, held in memory. Loaded once;
// after that it changes only through the admin API (SandboxOptions::admin), on the server's
// thread, between requests. The const methods keep no hidden state, so any number of threads may
// read and search at once (as long as nobody changes it at the same time). It knows FHIR search
// semantics (which parameters exist for a type and what they match); it knows nothing of HTTP,
// tokens, scopes or paging links (that is the server's job).
class ResourceStore
{
public:
    // Adds or replaces a resource; it must have resourceType and id. References inside it are
    // expected as "Type/id" (loaders rewrite urn:uuid: references before adding).
    void add(QJsonObject resource);
    // Forgets a resource; false when there was none.
    bool remove(const QString &type, const QString &id);

    std::optional<QJsonObject> read(const QString &type, const QString &id) const;

    // Every match, in a stable order (by _sort when given, then by id), so that the server can
    // page by offset and every match appears exactly once across pages. Parameters the server
    // handles itself (_count, _getpages-style paging params) must be removed before calling.
    // Unknown parameters or malformed values give an Error whose detail names the parameter
    // (the server turns it into a 400 OperationOutcome).
    Result<QList<QJsonObject>> search(const QString &type,
                                      const QList<SearchParameter> &parameters) const;

    // The id of the Patient whose compartment the resource belongs to ("" when none):
    // the Patient itself, or Observation/Condition/DiagnosticReport.subject.
    static QString patientOf(const QJsonObject &resource);

    QStringList patientIds() const;
    qsizetype count(const QString &type) const;

    // Every resource of a type, in id order (for dumps and tests).
    QList<QJsonObject> all(const QString &type) const;
    QStringList types() const;

private:
    // A resource with what its search parameters find in it, computed once when it is added.
    struct Entry
    {
        QJsonObject resource;
        QString id;
        QString patientId;
        search::IndexedValues values;
    };
    using EntryMap = QMap<QString, std::shared_ptr<const Entry>>; // id -> entry, ordered by id

    void forgetInCompartment(const QString &type, const Entry &entry);
    static void sortMatches(QList<std::shared_ptr<const Entry>> &matches,
                            const QList<search::SortKey> &keys);
    QList<std::shared_ptr<const Entry>> candidates(const QString &type,
                                                   const QList<search::Criterion> &criteria) const;

    // type -> id -> entry
    QHash<QString, EntryMap> m_resources;
    // type -> patient id -> the entries in that patient's compartment
    QHash<QString, QHash<QString, EntryMap>> m_byPatient;
};

} // namespace kete::sandbox
