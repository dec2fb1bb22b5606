# ruleid: huggingface-access-token
login(token="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")
# ruleid: huggingface-access-token
model = AutoModel.from_pretrained('acme/private-llm', token='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')
# ok: huggingface-access-token
login(token="hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
# ok: huggingface-access-token
login(token="hf_...")
# ok: huggingface-access-token
login(token=os.environ["HF_TOKEN"])
# ok: huggingface-access-token
login(token="hf_<your token>")
# digits: not a token
# ok: huggingface-access-token
ID = "hf_lGumq1eixYB68I05qh3012345678901234"
