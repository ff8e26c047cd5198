#include "brands/directoryfromaddress.h"

#include "brands/importreport.h"
#include "brands/remotedirectory.h"
#include "common/logging.h"
#include "dialogs/dialogs.h"

#include <QProgressDialog>
#include <QWidget>

namespace kete::ui {

namespace {

// What a person types: "brands.example.org/bundle.json" means https.
QUrl addressFrom(const QString &typed)
{
    const QString trimmed = typed.trimmed();
    return QUrl(trimmed.contains(QLatin1String("://")) ? trimmed
                                                       : QStringLiteral("https://") + trimmed,
                QUrl::StrictMode);
}

} // namespace

DirectoryFromAddress::DirectoryFromAddress(QNetworkAccessManager *network, QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_remote(new brands::RemoteDirectory(network, this))
{
    connect(m_remote, &brands::RemoteDirectory::progress, this,
            [this](qint64 received, qint64 total) {
                if (!m_progress)
                    return;
                // In kilobytes: a 90 MB directory overflows an int of bytes nowhere, but
                // QProgressDialog counts in int.
                m_progress->setMaximum(total > 0 ? int(total / 1024) : 0);
                m_progress->setValue(int(received / 1024));
            });
    connect(m_remote, &brands::RemoteDirectory::reading, this, [this] {
        if (!m_progress)
            return;
        m_progress->setLabelText(tr("Reading the provider directory…"));
        m_progress->setCancelButton(nullptr); // the worker thread cannot be stopped midway
        m_progress->setRange(0, 0);
    });
    connect(m_remote, &brands::RemoteDirectory::loaded, this, &DirectoryFromAddress::onLoaded);
    connect(m_remote, &brands::RemoteDirectory::failed, this, &DirectoryFromAddress::onFailed);
}

DirectoryFromAddress::~DirectoryFromAddress() = default;

bool DirectoryFromAddress::isBusy() const
{
    return m_remote->isBusy();
}

bool DirectoryFromAddress::hasSavedAddress()
{
    return brands::RemoteDirectory::savedSource().has_value();
}

void DirectoryFromAddress::importInteractively()
{
    if (isBusy())
        return;
    const std::optional<brands::RemoteSource> saved = brands::RemoteDirectory::savedSource();
    const QString typed = dialogs::textInput(
        m_window, tr("Import provider directory from an address"),
        tr("The https address of a SMART User-access Brands directory (a FHIR Bundle):"),
        saved ? saved->url.toString() : QStringLiteral("https://"));
    if (typed.trimmed().isEmpty())
        return;
    const QUrl url = addressFrom(typed);
    m_remote->import(url);
    start(true, url.host());
}

void DirectoryFromAddress::refreshInteractively()
{
    const std::optional<brands::RemoteSource> saved = brands::RemoteDirectory::savedSource();
    if (isBusy() || !saved || !m_remote->refresh())
        return;
    start(true, saved->url.host());
}

void DirectoryFromAddress::refreshQuietly()
{
    const std::optional<brands::RemoteSource> saved = brands::RemoteDirectory::savedSource();
    if (isBusy() || !saved || !m_remote->refresh())
        return;
    start(false, saved->url.host());
}

void DirectoryFromAddress::start(bool interactive, const QString &host)
{
    m_interactive = interactive;
    m_host = host;
    if (interactive) {
        m_progress = new QProgressDialog(tr("Downloading the provider directory from %1…")
                                             .arg(host.isEmpty() ? tr("the address") : host),
                                         tr("Cancel"), 0, 0, m_window);
        m_progress->setObjectName(QStringLiteral("directoryDownloadProgress"));
        m_progress->setWindowTitle(tr("Provider directory"));
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        m_progress->setMinimumDuration(500);
        connect(m_progress, &QProgressDialog::canceled, this, [this] {
            m_remote->cancel();
            closeProgress();
            Q_EMIT busyChanged();
        });
    }
    Q_EMIT busyChanged();
}

void DirectoryFromAddress::closeProgress()
{
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
    }
}

void DirectoryFromAddress::onLoaded(const brands::LoadedDirectory &directory, bool changed)
{
    closeProgress();
    if (changed)
        Q_EMIT directoryChanged(directory.index);
    Q_EMIT busyChanged();
    if (!m_interactive)
        return;
    const QString title = tr("Provider directory");
    if (changed)
        dialogs::information(m_window, title, importSummary(directory));
    else
        dialogs::information(
            m_window, title,
            tr("The provider directory from %1 has not changed since it was last read.")
                .arg(m_host));
}

void DirectoryFromAddress::onFailed(const Error &error)
{
    closeProgress();
    Q_EMIT busyChanged();
    if (!m_interactive) {
        qCInfo(lcUi) << "provider directory not refreshed:" << error.detail;
        return;
    }
    dialogs::warning(m_window, tr("Provider directory"),
                     error.message + QLatin1Char('\n') +
                         tr("The providers Kete could already find are kept."));
}

} // namespace kete::ui
