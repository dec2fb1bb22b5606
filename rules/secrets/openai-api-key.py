# ruleid: openai-api-key
client = OpenAI(api_key="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")
# ruleid: openai-api-key
openai.api_key = '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'
# ruleid: openai-api-key
ADMIN_KEY = "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"
# ok: openai-api-key
client = OpenAI(api_key="sk-proj-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx")
# ok: openai-api-key
client = OpenAI(api_key="sk-proj-...")
# ok: openai-api-key
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
# ok: openai-api-key
client = OpenAI(api_key="sk-<your key>")
# no T3BlbkFJ marker
# ok: openai-api-key
OTHER = "sk-62ZrrMff5jqqS5SujVf46636zF0SK1ow145tRRsmnOYKyTvB"
