// kete-icons: renders our one SVG into the icon files each system's installer wants, at build
// time, so that the repository keeps only resources/icons/kete.svg.
//
//   kete-icons <svg> png <size> <out.png>   one hicolor PNG (Linux)
//   kete-icons <svg> ico <out.ico>          16 to 256 pixels as PNG entries (Windows Vista on)
//   kete-icons <svg> icns <out.icns>        16 to 1024 pixels as PNG entries (macOS 10.7 on)
#include <QBuffer>
#include <QDataStream>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgRenderer>
#include <QTextStream>
#include <optional>
#include <utility>
#include <vector>

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "kete-icons: " << message << Qt::endl;
    return 1;
}

std::optional<QByteArray> renderPng(QSvgRenderer &svg, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return std::nullopt;
    return png;
}

// ICONDIR, then one ICONDIRENTRY per image, then the PNG data; little-endian.
QByteArray icoFile(const std::vector<std::pair<int, QByteArray>> &images)
{
    QByteArray ico;
    QDataStream out(&ico, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << quint16(0) << quint16(1) << quint16(images.size());
    quint32 offset = 6 + 16 * quint32(images.size());
    for (const auto &[size, png] : images) {
        const auto side = quint8(size >= 256 ? 0 : size); // 0 means 256
        out << side << side << quint8(0) << quint8(0) << quint16(1) << quint16(32)
            << quint32(png.size()) << offset;
        offset += quint32(png.size());
    }
    for (const auto &image : images)
        out.writeRawData(image.second.constData(), int(image.second.size()));
    return ico;
}

// 'icns', the file length, then (type, length with header, PNG data) per image; big-endian.
QByteArray icnsFile(const std::vector<std::pair<QByteArray, QByteArray>> &images)
{
    QByteArray body;
    QDataStream out(&body, QIODevice::WriteOnly);
    for (const auto &[type, png] : images) {
        out.writeRawData(type.constData(), 4);
        out << quint32(8 + png.size());
        out.writeRawData(png.constData(), int(png.size()));
    }
    QByteArray icns;
    QDataStream header(&icns, QIODevice::WriteOnly);
    header.writeRawData("icns", 4);
    header << quint32(8 + body.size());
    return icns + body;
}

bool save(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit();
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const QString usage = QStringLiteral("usage: kete-icons <svg> png <size> <out> | ico <out> | "
                                         "icns <out>");
    if (arguments.size() < 3)
        return fail(usage);

    QSvgRenderer svg(arguments.at(0));
    if (!svg.isValid())
        return fail(QStringLiteral("cannot read the SVG %1").arg(arguments.at(0)));
    const QString format = arguments.at(1);
    const QString output = arguments.last();

    QByteArray data;
    if (format == QStringLiteral("png") && arguments.size() == 4) {
        bool isNumber = false;
        const int size = arguments.at(2).toInt(&isNumber);
        if (!isNumber || size < 1 || size > 4096)
            return fail(QStringLiteral("the size must be 1 to 4096 pixels"));
        const auto png = renderPng(svg, size);
        if (!png)
            return fail(QStringLiteral("cannot encode a PNG"));
        data = *png;
    } else if (format == QStringLiteral("ico") && arguments.size() == 3) {
        std::vector<std::pair<int, QByteArray>> images;
        for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
            const auto png = renderPng(svg, size);
            if (!png)
                return fail(QStringLiteral("cannot encode a PNG"));
            images.emplace_back(size, *png);
        }
        data = icoFile(images);
    } else if (format == QStringLiteral("icns") && arguments.size() == 3) {
        // The 2x types are the next size up, for Retina displays.
        const std::vector<std::pair<const char *, int>> types = {
            {"icp4", 16},  {"icp5", 32},  {"ic11", 32},  {"ic12", 64},  {"ic07", 128},
            {"ic13", 256}, {"ic08", 256}, {"ic14", 512}, {"ic09", 512}, {"ic10", 1024}};
        std::vector<std::pair<QByteArray, QByteArray>> images;
        for (const auto &[type, size] : types) {
            const auto png = renderPng(svg, size);
            if (!png)
                return fail(QStringLiteral("cannot encode a PNG"));
            images.emplace_back(QByteArray(type), *png);
        }
        data = icnsFile(images);
    } else {
        return fail(usage);
    }
    if (!save(output, data))
        return fail(QStringLiteral("cannot write %1").arg(output));
    return 0;
}
