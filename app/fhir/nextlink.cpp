#include "fhir/nextlink.h"

#include <memory>
#include <simdjson.h>
#include <string_view>

namespace kete::fhir {

namespace {

struct ThreadPeeker
{
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded;
};

thread_local std::unique_ptr<ThreadPeeker> threadPeeker;

} // namespace

QUrl peekNextLink(QByteArrayView json)
{
    if (!threadPeeker)
        threadPeeker = std::make_unique<ThreadPeeker>();
    ThreadPeeker &peeker = *threadPeeker;
    peeker.padded = simdjson::padded_string(json.data(), size_t(json.size()));
    simdjson::ondemand::document document;
    if (peeker.parser.iterate(peeker.padded).get(document) != simdjson::SUCCESS)
        return {};
    simdjson::ondemand::object bundle;
    if (document.get_object().get(bundle) != simdjson::SUCCESS)
        return {};
    simdjson::ondemand::array links;
    if (bundle.find_field_unordered("link").get_array().get(links) != simdjson::SUCCESS)
        return {};
    for (auto item : links) {
        simdjson::ondemand::object link;
        if (item.get_object().get(link) != simdjson::SUCCESS)
            return {};
        std::string_view relation;
        if (link.find_field_unordered("relation").get_string().get(relation) != simdjson::SUCCESS ||
            relation != "next")
            continue;
        std::string_view url;
        if (link.find_field_unordered("url").get_string().get(url) != simdjson::SUCCESS)
            return {};
        return QUrl(QString::fromUtf8(url.data(), qsizetype(url.size())));
    }
    return {};
}

} // namespace kete::fhir
