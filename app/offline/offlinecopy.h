#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <functional>

namespace kete::record {
class PatientRecord;
}

namespace kete::offline {

class OfflineKeys;

// One patient's record kept on this computer, and brought back: open() reads the copy into the
// record before it loads (so the next start shows it at once), and every load that completes
// is written back. Reading, decoding, encoding and writing run on a worker thread, one at a time;
// the record only changes on its own thread.
//
//   OfflineCopy copy(record, keys, providerId, patientId, folder);   // a child of the record
//   copy.open()  -> opened(asOf): the record shows the copy, its next load asks only for changes
//                 | nothingKept()          no copy (or no key: then nothing can be read)
//                 | damaged(error)         the file was changed or cut short: it is deleted, and
//                                          the next load fetches everything
//   record->load() completes -> saved(at) | saveFailed(error)
//   copy.remove(done)   the key goes first (the file is unreadable from then on), then the file
class OfflineCopy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OfflineCopy)

public:
    // `keys` outlives the copy. `folder`: where copies are kept (made owner-only when created).
    OfflineCopy(record::PatientRecord *record, OfflineKeys *keys, QString providerId,
                QString patientId, QString folder);
    // Waits for a write under way: it commits or rolls back whole.
    ~OfflineCopy() override;

    void open();
    bool isOpening() const { return m_opening; }
    // open() has ended, whatever it found.
    bool wasOpened() const { return m_wasOpened; }
    void remove(std::function<void(Result<void>)> done);
    // The same for a copy that is not open; `keys` must outlive the call.
    static void removeKept(OfflineKeys *keys, const QString &folder, const QString &providerId,
                           const QString &patientId, std::function<void(Result<void>)> done);
    // Whether a copy is kept for the patient: its key in the keychain and its file on disk.
    static void findKept(OfflineKeys *keys, const QString &folder, const QString &providerId,
                         const QString &patientId, std::function<void(bool)> found);

    // When the record was last brought up to date from the server (invalid: never saved).
    QDateTime syncedAt() const { return m_syncedAt; }

    // An incremental sync asks for what changed since the last sync's start minus this margin
    // (server clocks differ; a repeat costs nothing, the record keeps each resource once).
    static constexpr qint64 kSafetyMarginSecs = 300;
    // A sync asks for everything when the last full one is this old: deletions and results
    // the server amended without a new _lastUpdated go only then.
    static constexpr qint64 kFullSyncAfterSecs = 24 * 3600;

Q_SIGNALS:
    void opened(const QDateTime &asOf);
    void nothingKept();
    void damaged(const kete::Error &error);
    void saved(const QDateTime &at);
    void saveFailed(const kete::Error &error);
    // After each of opened(), nothingKept() and damaged().
    void openEnded();

private:
    struct Opened;
    void onKeyFound(const QByteArray &key);
    void onOpened(Result<Opened> read);
    void endOpen();
    void save();
    void planNextLoad();

    QPointer<record::PatientRecord> m_record;
    OfflineKeys *m_keys;
    QString m_providerId;
    QString m_patientId;
    QString m_folder;
    QDateTime m_syncedAt;
    QDateTime m_fullSyncAt;
    bool m_opening = false;
    bool m_wasOpened = false;
    QThreadPool m_worker; // one thread: the file is read and written in order
};

} // namespace kete::offline
