#pragma once

#include "common/result.h"
#include "sandbox/data/demodirectory.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace kete::sandbox {

class ResourceStore;

// Something in the input that was skipped. `source` is "file.json entry 12" or "file.ndjson
// line 3"; `detail` says why. Neither carries resource content.
struct LoadProblem
{
    QString source;
    QString detail;
};

struct LoadReport
{
    int filesRead = 0;
    int resourcesAdded = 0;
    QList<LoadProblem> problems;
    // Everyone loaded becomes a demo account: each Patient (login = its id) and each
    // Practitioner (login = its id).
    DemoDirectory directory;
};

// Loads FHIR R4 data into a ResourceStore: `*.json` files holding a Bundle (transaction, batch,
// collection or searchset) or a single resource, and `*.ndjson` files (one resource a line).
// References to an entry's fullUrl (`urn:uuid:...`, absolute URLs) and conditional references
// (`Practitioner?identifier=system|value`) are rewritten to `Type/id`, across all files of one
// load, so that Synthea's split practitioner and hospital files resolve too. What cannot be read
// is skipped and reported; the rest is loaded.
class BundleLoader
{
public:
    explicit BundleLoader(ResourceStore &store);

    // Every *.json and *.ndjson file of the folder (not recursive), in file-name order.
    // An Error only when the folder itself cannot be read.
    Result<LoadReport> loadFolder(const QString &folder);
    LoadReport loadFiles(const QStringList &paths);

    // Demo accounts for the Patients and Practitioners among `resources`.
    static DemoDirectory directoryFor(const QList<QJsonObject> &resources);

private:
    ResourceStore &m_store;
};

} // namespace kete::sandbox
