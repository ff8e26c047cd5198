#include "storage/secretstore.h"

#include "common/logging.h"

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
                 job.errorString()};
}

template<typename JobType>
JobType *makeJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new JobType(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

void SecretStore::write(const QString &key, const QByteArray &secret, WriteDone done)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, key, this);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *job) {
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcStorage) << "keychain write failed:" << job->errorString();
            done(keychainError(*job));
            return;
        }
        done(std::nullopt);
    });
    job->start();
}

void SecretStore::read(const QString &key, ReadDone done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key, this);
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
    job->start();
}

void SecretStore::remove(const QString &key, WriteDone done)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *job) {
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound) {
            qCWarning(lcStorage) << "keychain delete failed:" << job->errorString();
            done(keychainError(*job));
            return;
        }
        done(std::nullopt);
    });
    job->start();
}

} // namespace kete
