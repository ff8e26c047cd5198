#include "connection/connection.h"

#include "offline/offlinecopy.h"
#include "record/patientrecord.h"
#include "smart/session.h"
#include "storage/providerstore.h"

namespace kete::connection {

namespace {

// The server could not be asked (or failed to answer): trying again later may work. Anything
// else is a refusal of the saved sign-in.
bool isOutOfReach(const Error &error)
{
    switch (error.code) {
    case ErrorCode::Timeout:
    case ErrorCode::ConnectionLost:
    case ErrorCode::Unreachable:
    case ErrorCode::HttpStatus:
    case ErrorCode::OAuthServerError:
    case ErrorCode::OAuthTemporarilyUnavailable:
        return true;
    default:
        return false;
    }
}

} // namespace

Connection::Connection(ConnectionTarget target, std::shared_ptr<smart::Session> session,
                       QStringList notGranted, ProviderStore *rememberedIn, KeptCopies kept,
                       QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_session(std::move(session))
    , m_notGranted(std::move(notGranted))
    , m_store(rememberedIn)
    , m_kept(std::move(kept))
    , m_everSignedIn(m_session->isSignedIn())
{
    watchSession();
}

void Connection::watchSession()
{
    connect(m_session.get(), &smart::Session::tokensChanged, this, &Connection::tokensChanged);
    connect(m_session.get(), &smart::Session::signInRequired, this, &Connection::signInEnded);
    connect(m_session.get(), &smart::Session::rememberFailed, this, &Connection::rememberFailed);
}

void Connection::resume(std::shared_ptr<smart::Session> session)
{
    m_session->disconnect(this);
    m_session = std::move(session);
    m_everSignedIn = true;
    watchSession();
    for (const auto &record : m_records) {
        record->setTokens(m_session);
        loadRecord(record.get());
    }
    Q_EMIT resumed();
    Q_EMIT tokensChanged();
}

void Connection::setOfflineReason(const Error &error)
{
    if (isOutOfReach(error)) {
        Q_EMIT stillOffline(error);
        return;
    }
    m_signInRefused = true;
    Q_EMIT signInEnded();
}

bool Connection::keepsCopies() const
{
    if (!m_kept.keys || isClinician() || !isRemembered())
        return false;
    const auto provider = m_store->provider(m_target.providerId);
    return provider && provider->keepOfflineCopy;
}

Connection::~Connection()
{
    // The records hold the session too; they stop loading before it goes.
    m_records.clear();
    m_session->disconnect(this);
}

bool Connection::isSignedIn() const
{
    return m_session->isSignedIn();
}

bool Connection::isRemembered() const
{
    return m_store && !m_target.providerId.isEmpty();
}

QSettings *Connection::keptSettings() const
{
    return isRemembered() ? m_store->settings() : nullptr;
}

bool Connection::mayRead(QStringView resourceType) const
{
    return m_session->tokens().grantedScope.covers(resourceType);
}

record::PatientRecord *Connection::openRecord(const QString &patientId)
{
    // The session of the moment: resume() replaces it.
    const auto mayRead = [this](QStringView type) { return this->mayRead(type); };
    m_records.push_back(std::make_unique<record::PatientRecord>(
        m_session, m_session->configuration().fhirBase, patientId, mayRead));
    record::PatientRecord *record = m_records.back().get();
    if (keepsCopies() && !patientId.isEmpty())
        new offline::OfflineCopy(record, m_kept.keys, m_target.providerId, patientId,
                                 m_kept.folder);
    Q_EMIT recordOpened(record);
    return record;
}

void Connection::loadRecord(record::PatientRecord *record)
{
    offline::OfflineCopy *copy = keptCopy(record);
    if (!copy || copy->wasOpened()) {
        if (isSignedIn())
            record->load();
        return;
    }
    if (copy->isOpening())
        return;
    // The copy first, then what changed: the copy says since when.
    connect(
        copy, &offline::OfflineCopy::openEnded, this,
        [this, record = QPointer(record)] {
            if (record && isSignedIn())
                record->load();
        },
        Qt::SingleShotConnection);
    copy->open();
}

offline::OfflineCopy *Connection::keptCopy(const record::PatientRecord *record) const
{
    return record ? record->findChild<offline::OfflineCopy *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

void Connection::closeRecord(record::PatientRecord *record)
{
    std::erase_if(m_records, [record](const auto &open) { return open.get() == record; });
}

QList<record::PatientRecord *> Connection::records() const
{
    QList<record::PatientRecord *> open;
    for (const auto &record : m_records)
        open.append(record.get());
    return open;
}

QStringList Connection::recentPatients() const
{
    if (!isRemembered())
        return {};
    const auto provider = m_store->provider(m_target.providerId);
    return provider ? provider->recentPatients : QStringList();
}

void Connection::addRecentPatient(const QString &patientId)
{
    if (isRemembered())
        m_store->addRecentPatient(m_target.providerId, patientId);
}

} // namespace kete::connection
