#include "offline/offlinecopy.h"

#include "common/logging.h"
#include "offline/offlinekeys.h"
#include "offline/offlinestore.h"
#include "offline/recordcodec.h"
#include "record/patientrecord.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace kete::offline {

namespace {

const QString kSyncedAt = QStringLiteral("synced-at");
const QString kFullSyncAt = QStringLiteral("full-sync-at");

QByteArray timeValue(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs).toLatin1();
}

QDateTime timeFrom(const std::optional<QByteArray> &value)
{
    return value ? QDateTime::fromString(QString::fromLatin1(*value), Qt::ISODateWithMs)
                 : QDateTime();
}

QString pathFor(const QString &folder, const QByteArray &key)
{
    return QDir(folder).filePath(OfflineStore::fileNameFor(key));
}

// Runs `work` on `pool` and hands its result to `done` on `context`'s thread, unless `context`
// has gone by then.
template<typename Work, typename Done>
void runThen(QThreadPool *pool, QObject *context, Work work, Done done)
{
    using Value = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<Value>(context);
    QObject::connect(watcher, &QFutureWatcher<Value>::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         watcher->deleteLater();
                         done(watcher->result());
                     });
    watcher->setFuture(QtConcurrent::run(pool, std::move(work)));
}

} // namespace

struct OfflineCopy::Opened
{
    record::RecordSnapshot record;
    QDateTime syncedAt;
    QDateTime fullSyncAt;
};

OfflineCopy::OfflineCopy(record::PatientRecord *record, OfflineKeys *keys, QString providerId,
                         QString patientId, QString folder)
    : QObject(record)
    , m_record(record)
    , m_keys(keys)
    , m_providerId(std::move(providerId))
    , m_patientId(std::move(patientId))
    , m_folder(std::move(folder))
{
    m_worker.setMaxThreadCount(1);
    connect(record, &record::PatientRecord::loaded, this, [this](const fhir::RecordOutcome &done) {
        if (done.ok())
            save();
    });
}

OfflineCopy::~OfflineCopy()
{
    m_worker.waitForDone();
}

void OfflineCopy::open()
{
    m_opening = true;
    m_keys->find(m_providerId, m_patientId,
                 [self = QPointer(this)](Result<std::optional<QByteArray>> key) {
                     if (!self)
                         return;
                     if (key && key.value()) {
                         self->onKeyFound(*key.value());
                         return;
                     }
                     if (!key)
                         qCWarning(lcApp)
                             << "the offline copy's key could not be read:" << key.error().detail;
                     Q_EMIT self->nothingKept();
                     self->endOpen();
                 });
}

void OfflineCopy::onKeyFound(const QByteArray &key)
{
    const QString path = pathFor(m_folder, key);
    if (!QFile::exists(path)) {
        Q_EMIT nothingKept();
        endOpen();
        return;
    }
    runThen(
        &m_worker, this,
        [path, providerId = m_providerId, key]() -> Result<Opened> {
            auto store = OfflineStore::open(path, providerId, key);
            if (!store)
                return store.error();
            auto resources = store.value()->readAll();
            if (!resources)
                return resources.error();
            auto record = decodeRecord(resources.value());
            if (!record)
                return record.error();
            const auto synced = store.value()->value(kSyncedAt);
            const auto full = store.value()->value(kFullSyncAt);
            if (!synced || !full)
                return synced ? full.error() : synced.error();
            return Opened{std::move(record.value()), timeFrom(synced.value()),
                          timeFrom(full.value())};
        },
        [this, path](Result<Opened> opened) {
            if (!opened)
                QFile::remove(path); // unreadable: a fresh sync replaces it
            onOpened(std::move(opened));
        });
}

void OfflineCopy::onOpened(Result<Opened> read)
{
    if (!read) {
        qCWarning(lcApp) << "the offline copy was not used:" << read.error().detail;
        Q_EMIT damaged(read.error());
        endOpen();
        return;
    }
    m_syncedAt = read->syncedAt;
    m_fullSyncAt = read->fullSyncAt;
    if (m_record) {
        m_record->store()->restore(std::move(read->record));
        m_record->setKeptCopyAsOf(m_syncedAt.toLocalTime());
        planNextLoad();
    }
    Q_EMIT opened(m_syncedAt);
    endOpen();
}

void OfflineCopy::endOpen()
{
    m_opening = false;
    m_wasOpened = true;
    Q_EMIT openEnded();
}

void OfflineCopy::planNextLoad()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool fullDue = !m_fullSyncAt.isValid() || m_fullSyncAt.secsTo(now) >= kFullSyncAfterSecs;
    m_record->setUpdatedSince(
        fullDue || !m_syncedAt.isValid() ? QDateTime() : m_syncedAt.addSecs(-kSafetyMarginSecs));
}

void OfflineCopy::save()
{
    if (!m_record || !m_record->outcome())
        return;
    const QDateTime syncedAt = m_record->loadStartedAt();
    const QDateTime fullSyncAt = m_record->outcome()->incremental ? m_fullSyncAt : syncedAt;
    record::RecordSnapshot snapshot = m_record->store()->snapshot();
    m_keys->obtain(m_providerId, m_patientId, [=, self = QPointer(this)](Result<QByteArray> key) {
        if (!self)
            return;
        if (!key) {
            Q_EMIT self->saveFailed(key.error());
            return;
        }
        QDir().mkpath(self->m_folder);
        QFile::setPermissions(self->m_folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner);
        runThen(
            &self->m_worker, self.data(),
            [path = pathFor(self->m_folder, key.value()), providerId = self->m_providerId,
             key = key.value(), snapshot, syncedAt, fullSyncAt]() -> Result<void> {
                auto store = OfflineStore::open(path, providerId, key);
                if (!store) {
                    // A damaged file is replaced by this sync.
                    if (store.error().code != ErrorCode::OfflineCopyDamaged)
                        return store.error();
                    QFile::remove(path);
                    store = OfflineStore::open(path, providerId, key);
                    if (!store)
                        return store.error();
                }
                return store.value()->replaceAll(
                    storedResources(snapshot),
                    {{kSyncedAt, timeValue(syncedAt)}, {kFullSyncAt, timeValue(fullSyncAt)}});
            },
            [self, syncedAt, fullSyncAt](const Result<void> &written) {
                if (!written) {
                    qCWarning(lcApp)
                        << "the offline copy was not written:" << written.error().detail;
                    Q_EMIT self->saveFailed(written.error());
                    return;
                }
                self->m_syncedAt = syncedAt;
                self->m_fullSyncAt = fullSyncAt;
                if (self->m_record)
                    self->planNextLoad();
                Q_EMIT self->saved(syncedAt);
            });
    });
}

void OfflineCopy::remove(std::function<void(Result<void>)> done)
{
    m_worker.waitForDone();
    removeKept(m_keys, m_folder, m_providerId, m_patientId, std::move(done));
}

void OfflineCopy::findKept(OfflineKeys *keys, const QString &folder, const QString &providerId,
                           const QString &patientId, std::function<void(bool)> found)
{
    keys->find(providerId, patientId,
               [folder, found = std::move(found)](Result<std::optional<QByteArray>> key) {
                   found(key && key.value() && QFile::exists(pathFor(folder, *key.value())));
               });
}

void OfflineCopy::removeKept(OfflineKeys *keys, const QString &folder, const QString &providerId,
                             const QString &patientId, std::function<void(Result<void>)> done)
{
    keys->find(providerId, patientId,
               [=, done = std::move(done)](Result<std::optional<QByteArray>> key) mutable {
                   if (!key || !key.value()) {
                       if (done)
                           done(key ? Result<void>() : Result<void>(key.error()));
                       return;
                   }
                   const QString path = pathFor(folder, *key.value());
                   // The key first: once it is gone, whatever is left of the file is noise.
                   keys->remove(providerId, patientId,
                                [path, done = std::move(done)](const Result<void> &removed) {
                                    if (removed)
                                        QFile::remove(path);
                                    if (done)
                                        done(removed);
                                });
               });
}

} // namespace kete::offline
