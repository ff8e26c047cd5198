#include "storage/secretstore.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <qt6keychain/keychain.h>

namespace kete {

namespace {

Error keychainError(const QKeychain::Job &job)
{
    const bool unavailable =
        job.error() == QKeychain::NoBackendAvailable || job.error() == QKeychain::AccessDenied ||
        job.error() == QKeychain::AccessDeniedByUser || job.error() == QKeychain::OtherError;
    return Error{unavailable ? QObject::tr("The system keychain is not available, so Kete cannot "
                                           "remember your sign-in.")
                             : QObject::tr("The system keychain reported an error."),
                 job.errorString(),
                 unavailable ? ErrorCode::KeychainUnavailable : ErrorCode::KeychainFailed};
}

// No parent: the keychain backend (libsecret) holds a plain pointer to the job until it
// answers and cannot be cancelled, so a job must outlive the store that started it. It deletes
// itself once finished; the store's callbacks are dropped with the store (connection context).
template<typename JobType> JobType *makeJob(const QString &service, const QString &key)
{
    auto *job = new JobType(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

// Keychain jobs started and not finished, and changes expected (ExpectedChange), in the whole
// process (jobs run on the thread that started them; stores are made on the GUI thread). Reads
// count too: a read often decides a write (the chunks an older value left behind).
int unfinishedChanges = 0;

// Connected after the store's own handler, so that a change it chains (the next chunk) is
// counted before this one is not.
void countUntilFinished(QKeychain::Job *job)
{
    ++unfinishedChanges;
    QObject::connect(job, &QKeychain::Job::finished, job, [] { --unfinishedChanges; });
}

} // namespace

bool SecretStore::finishChanges(std::chrono::milliseconds limit)
{
    if (unfinishedChanges == 0)
        return true;
    QDeadlineTimer deadline(limit);
    while (unfinishedChanges > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (unfinishedChanges > 0)
        qCWarning(lcStorage) << unfinishedChanges << "keychain changes unfinished at exit";
    return unfinishedChanges == 0;
}

SecretStore::ExpectedChange::ExpectedChange()
{
    ++unfinishedChanges;
}

SecretStore::ExpectedChange::~ExpectedChange()
{
    --unfinishedChanges;
}

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

void SecretStore::write(const QString &key, const QByteArray &secret, WriteDone done)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *job) {
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcStorage) << "keychain write failed:" << job->errorString();
            done(keychainError(*job));
            return;
        }
        done({});
    });
    countUntilFinished(job);
    job->start();
}

void SecretStore::read(const QString &key, ReadDone done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *job) {
        if (job->error() == QKeychain::EntryNotFound) {
            done(std::optional<QByteArray>());
            return;
        }
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcStorage) << "keychain read failed:" << job->errorString();
            done(keychainError(*job));
            return;
        }
        done(std::optional<QByteArray>(
            static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData()));
    });
    countUntilFinished(job);
    job->start();
}

void SecretStore::remove(const QString &key, WriteDone done)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, key);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *job) {
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound) {
            qCWarning(lcStorage) << "keychain delete failed:" << job->errorString();
            done(keychainError(*job));
            return;
        }
        done({});
    });
    countUntilFinished(job);
    job->start();
}

} // namespace kete
