#include "shell/connectionmessages.h"

#include "common/logging.h"
#include "connection/connection.h"
#include "fhir/recordloader.h"
#include "widgets/messagebar.h"

#include <QLocale>

namespace kete::ui {

namespace {

QString shortDateTime(const QDateTime &when)
{
    return QLocale().toString(when, QStringLiteral("d MMM, hh:mm"));
}

QString leftOutWithLessAccess(const smart::ScopeChoice &access)
{
    return QLocale().createSeparatedList(smart::ScopeSet::leftOutByEssentialOnly(access));
}

} // namespace

void ConnectionMessages::opened(const connection::Connection &connection) const
{
    const smart::ScopeChoice access = connection.target().request.access;
    if (!connection.notGranted().isEmpty())
        m_bar->showMessage(tr("Kete shows what it may read: %1 were not shared in this sign-in. "
                              "Sign in again to share them.")
                               .arg(QLocale().createSeparatedList(connection.notGranted())),
                           MessageBar::Kind::Information, MessageBar::SignInAgain);
    else if (access.essentialOnly)
        m_bar->showMessage(tr("Signed in with less access: %1 are not included.")
                               .arg(leftOutWithLessAccess(access)));
}

void ConnectionMessages::signInFailed(const connection::ConnectionTarget &target,
                                      const Error &error) const
{
    if (smart::SignIn::isCancellation(error))
        return;
    qCInfo(lcUi) << "sign-in failed:" << error.detail;
    if (smart::SignIn::isScopeRefusal(error) && !target.request.access.essentialOnly) {
        m_bar->showError(
            Error{tr("%1 did not accept all the access Kete asks for. Kete can sign in with less "
                     "access; %2 will be missing.")
                      .arg(target.displayName.isEmpty() ? tr("Your provider") : target.displayName,
                           leftOutWithLessAccess(target.request.access)),
                  error.detail},
            MessageBar::LessAccess | MessageBar::ConnectionDetails);
        return;
    }
    m_bar->showError(error, MessageBar::Retry | MessageBar::ConnectionDetails);
}

void ConnectionMessages::restoreFailed(const connection::ConnectionTarget &target,
                                       const Error &error) const
{
    m_bar->showMessage(
        tr("Kete could not reopen %1 by itself: %2").arg(target.displayName, error.message),
        MessageBar::Kind::Problem, MessageBar::SignInAgain);
}

void ConnectionMessages::loaded(const fhir::RecordOutcome &outcome) const
{
    if (outcome.error)
        m_bar->showError(*outcome.error, MessageBar::Retry | MessageBar::ConnectionDetails);
    else if (!outcome.notices.isEmpty())
        m_bar->showMessage(outcome.notices.constFirst().message);
}

void ConnectionMessages::signInEnded(const connection::ConnectionTarget &target,
                                     const QDateTime &keptCopyAsOf) const
{
    qCInfo(lcUi) << "the sign-in has ended";
    const QString provider =
        target.displayName.isEmpty() ? tr("your provider") : target.displayName;
    const QString text =
        keptCopyAsOf.isValid()
            ? tr("Your sign-in to %1 has ended — showing your record as of %2. Sign in again "
                 "to bring it up to date.")
                  .arg(provider, shortDateTime(keptCopyAsOf))
            : tr("Your sign-in to %1 has ended, so Kete cannot load anything more. What you see "
                 "stays until you sign in again.")
                  .arg(provider);
    m_bar->showMessage(text, MessageBar::Kind::Problem,
                       MessageBar::SignInAgain | MessageBar::ConnectionDetails);
}

void ConnectionMessages::offline(const QDateTime &asOf, const Error &why) const
{
    qCInfo(lcUi) << "offline, showing the kept copy:" << why.detail;
    const QString when =
        asOf.isValid() ? shortDateTime(asOf) : tr("the last time it was brought up to date");
    m_bar->showMessage(tr("Offline — showing your record as of %1. %2").arg(when, why.message),
                       MessageBar::Kind::Problem, MessageBar::Retry | MessageBar::SignInAgain);
}

void ConnectionMessages::signedOut(const Result<void> &signedOut) const
{
    if (signedOut) {
        m_bar->showMessage(tr("You are signed out. Kete no longer has access to your records."));
        return;
    }
    m_bar->showError(Error{tr("You are signed out of Kete, but your provider may not have heard "
                              "of it: %1")
                               .arg(signedOut.error().message),
                           signedOut.error().detail, signedOut.error().code});
}

} // namespace kete::ui
